package io.sparkport.cluster;

/** Phase of a pool's warm SQL engine. */
public enum SqlEngineState {
    /** No engine process (or pod). */
    DOWN,
    /** Started, but not yet answering with executors of its own. */
    STARTING,
    /** Answers on its endpoint and holds its executors: SQL jobs may run there. */
    READY
}
