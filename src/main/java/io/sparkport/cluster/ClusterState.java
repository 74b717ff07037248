package io.sparkport.cluster;

/** Phase of a pool's Spark standalone cluster. */
public enum ClusterState {
    /** No master, no workers: the pool's files are all that exists. */
    DOWN,
    /** Processes (or pods) are coming up; no worker has registered yet. */
    STARTING,
    /** The master answers and at least one worker is registered. */
    READY,
    /** Tear-down in progress. */
    STOPPING
}
