package io.sparkport.cluster;

/**
 * The work of one pool as the database holds it: jobs with a driver (active) and jobs waiting (queued),
 * plus the cores the pool's warm SQL engine holds (or is about to hold). Jobs that run on the engine
 * count as jobs with no cores of their own. Only jobs are work: an engine alone keeps nothing alive.
 */
public record Demand(int activeJobs, int activeCores, int queuedJobs, int queuedCores, int engineCores) {

    public static final Demand NONE = new Demand(0, 0, 0, 0, 0);

    public Demand(int activeJobs, int activeCores, int queuedJobs, int queuedCores) {
        this(activeJobs, activeCores, queuedJobs, queuedCores, 0);
    }

    public Demand withEngineCores(int cores) {
        return new Demand(activeJobs, activeCores, queuedJobs, queuedCores, cores);
    }

    public boolean hasWork() {
        return activeJobs + queuedJobs > 0;
    }

    public int cores() {
        return activeCores + queuedCores + engineCores;
    }

    /** Human words for the demand, used in event reasons. */
    public String describe() {
        if (!hasWork()) {
            return "no queued or running job";
        }
        StringBuilder s = new StringBuilder();
        if (activeJobs > 0) {
            s.append(activeJobs).append(activeJobs == 1 ? " running job" : " running jobs");
        }
        if (queuedJobs > 0) {
            s.append(s.isEmpty() ? "" : " and ").append(queuedJobs).append(queuedJobs == 1 ? " queued job" : " queued jobs");
        }
        s.append(activeJobs + queuedJobs == 1 ? " needs " : " need ").append(cores()).append(cores() == 1 ? " core" : " cores");
        if (engineCores > 0) {
            s.append(" (").append(engineCores).append(" for the SQL engine)");
        }
        return s.toString();
    }
}
