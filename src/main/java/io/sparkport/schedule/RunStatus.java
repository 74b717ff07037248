package io.sparkport.schedule;

import java.time.Instant;

/**
 * A run as users see it: {@code state} is its job's state, or SKIPPED / FAILED when no job was created
 * (the reason says why).
 */
public record RunStatus(String jobId, String state, Instant slot, Instant at, boolean manual, String reason) {
}
