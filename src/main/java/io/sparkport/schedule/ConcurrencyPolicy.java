package io.sparkport.schedule;

import io.sparkport.SparkportException;
import java.util.Arrays;
import java.util.Locale;

/** What a new run does while an earlier run of the same schedule is still queued or running (as in Kubernetes CronJobs). */
public enum ConcurrencyPolicy {
    /** Runs overlap. */
    ALLOW("Allow"),
    /** The new run is skipped and recorded as skipped. */
    FORBID("Forbid"),
    /** The earlier runs are cancelled, then the new run starts. */
    REPLACE("Replace");

    private final String label;

    ConcurrencyPolicy(String label) {
        this.label = label;
    }

    /** The name the API shows and takes: Allow, Forbid, Replace. */
    public String label() {
        return label;
    }

    /** Allow, Forbid or Replace in any letter case; absent means Allow. */
    public static ConcurrencyPolicy parse(String text) {
        if (text == null) {
            return ALLOW;
        }
        return Arrays.stream(values()).filter(p -> p.label.toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> SparkportException.invalid("concurrencyPolicy '" + text
                        + "' is unknown: use Allow, Forbid or Replace"));
    }
}
