package io.sparkport.cluster;

/**
 * A driver as observed; {@code failureReason} is set for FAILED, taken from the driver's own output.
 * {@code uiUrl} is the base URL of the driver's Spark UI while the driver may serve it (shown to users as the
 * job's {@code sparkUiUrl}), else null.
 */
public record DriverObservation(DriverPhase phase, String sparkAppId, String failureReason, String uiUrl) {

    public static final DriverObservation UNKNOWN = new DriverObservation(DriverPhase.UNKNOWN, null, null, null);
}
