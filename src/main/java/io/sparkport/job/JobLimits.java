package io.sparkport.job;

import io.sparkport.SparkportConfig;

/** How much a job request may carry (from {@code sparkport.limits.*}); beyond it a submission gets a 422. */
public record JobLimits(int sqlChars, int args, int conf, int retries) {

    public static final JobLimits DEFAULTS = new JobLimits(1_000_000, 1000, 200, 10);

    public static JobLimits of(SparkportConfig.Limits limits) {
        return new JobLimits(limits.sqlChars(), limits.args(), limits.conf(), limits.retries());
    }
}
