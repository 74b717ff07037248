package io.sparkport.api;

import io.sparkport.SparkportException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The {@code wait} query parameter of the endpoints that wait for a job's end: an ISO-8601 duration up to PT5M. */
final class WaitParam {

    static final Duration MAX = Duration.ofMinutes(5);

    private WaitParam() {
    }

    /** The wait asked for, {@code absent} without one; a 422 problem when it is not a duration in [PT0S, PT5M]. */
    static Duration parse(String wait, Duration absent) {
        if (wait == null || wait.isBlank()) {
            return absent;
        }
        try {
            Duration d = Duration.parse(wait.trim());
            if (!d.isNegative() && d.compareTo(MAX) <= 0) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw SparkportException.invalid("wait must be an ISO-8601 duration between PT0S and " + MAX + ": " + wait);
    }
}
