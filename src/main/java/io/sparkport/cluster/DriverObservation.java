package io.sparkport.cluster;

/**
 * A driver as observed; {@code failureReason} is set for FAILED, taken from the driver's own output.
 * {@code uiUrl} is the base URL of the driver's Spark UI (its REST API lives under
 * {@code <uiUrl>/api/v1/applications/<sparkAppId>/}) while the driver may serve it, else null.
 */
public record DriverObservation(DriverPhase phase, String sparkAppId, String failureReason, String uiUrl) {

    public static final DriverObservation UNKNOWN = new DriverObservation(DriverPhase.UNKNOWN, null, null, null);
}
