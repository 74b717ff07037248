package io.sparkport.cluster;

/** The work of one pool as the database holds it: jobs with a driver (active) and jobs waiting (queued). */
public record Demand(int activeJobs, int activeCores, int queuedJobs, int queuedCores) {

    public static final Demand NONE = new Demand(0, 0, 0, 0);

    public boolean hasWork() {
        return activeJobs + queuedJobs > 0;
    }

    public int cores() {
        return activeCores + queuedCores;
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
        return s.append(activeJobs + queuedJobs == 1 ? " needs " : " need ").append(cores()).append(cores() == 1 ? " core" : " cores").toString();
    }
}
