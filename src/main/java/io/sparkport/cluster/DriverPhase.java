package io.sparkport.cluster;

/** A driver's life as a backend sees it. */
public enum DriverPhase {
    /** The backend knows no such driver (never launched, or launched by a previous service process). */
    UNKNOWN,
    STARTING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    KILLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }
}
