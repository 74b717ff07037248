package io.sparkport.cluster;

/**
 * The work of one pool: jobs with a driver (active) and jobs waiting (queued) as the database holds them,
 * the Spark Connect client sessions open on (or waiting for) the pool's warm SQL engine, plus the cores the
 * engine holds (or is about to hold). Jobs that run on the engine count as jobs with no cores of their own, and
 * client sessions hold only the engine's cores. Jobs and client sessions are work: an engine alone keeps
 * nothing alive.
 */
public record Demand(int activeJobs, int activeCores, int queuedJobs, int queuedCores, int engineCores,
                     int clientSessions) {

    public static final Demand NONE = new Demand(0, 0, 0, 0, 0, 0);

    public Demand(int activeJobs, int activeCores, int queuedJobs, int queuedCores) {
        this(activeJobs, activeCores, queuedJobs, queuedCores, 0, 0);
    }

    public Demand(int activeJobs, int activeCores, int queuedJobs, int queuedCores, int engineCores) {
        this(activeJobs, activeCores, queuedJobs, queuedCores, engineCores, 0);
    }

    public Demand withEngineCores(int cores) {
        return new Demand(activeJobs, activeCores, queuedJobs, queuedCores, cores, clientSessions);
    }

    public Demand withClientSessions(int sessions) {
        return new Demand(activeJobs, activeCores, queuedJobs, queuedCores, engineCores, sessions);
    }

    public boolean hasWork() {
        return activeJobs + queuedJobs + clientSessions > 0;
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
        if (clientSessions > 0) {
            s.append(s.isEmpty() ? "" : " and ").append(clientSessions)
                    .append(clientSessions == 1 ? " client session" : " client sessions");
        }
        s.append(activeJobs + queuedJobs + clientSessions == 1 ? " needs " : " need ").append(cores()).append(cores() == 1 ? " core" : " cores");
        if (engineCores > 0) {
            s.append(" (").append(engineCores).append(" for the SQL engine)");
        }
        return s.toString();
    }
}
