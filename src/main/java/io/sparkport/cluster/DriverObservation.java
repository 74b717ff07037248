package io.sparkport.cluster;

/** A driver as observed; {@code failureReason} is set for FAILED, taken from the driver's own output. */
public record DriverObservation(DriverPhase phase, String sparkAppId, String failureReason) {

    public static final DriverObservation UNKNOWN = new DriverObservation(DriverPhase.UNKNOWN, null, null);
}
