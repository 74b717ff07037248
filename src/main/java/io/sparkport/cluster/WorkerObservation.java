package io.sparkport.cluster;

/**
 * One worker of a pool's cluster as observed. {@code id} is the backend's stable name (the pod name on
 * Kubernetes); {@code state} is the master's view (ALIVE, DEAD, ...) or STARTING before it registers.
 */
public record WorkerObservation(String id, String state, int cores, int coresUsed, long memoryMb, long memoryUsedMb) {

    public static final String ALIVE = "ALIVE";
    public static final String STARTING = "STARTING";

    public boolean alive() {
        return ALIVE.equals(state);
    }

    /** Runs no executor: the only kind of worker scale-down may remove. */
    public boolean idle() {
        return coresUsed == 0;
    }
}
