package io.sparkport.schedule;

import io.sparkport.SparkportException;
import io.sparkport.job.JobRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Pure: a schedule request after validation (all but the template, which needs the pool and is checked
 * by the job service the way a submission is).
 */
public record ScheduleSpec(String name, CronSchedule cron, JobRequest template, ConcurrencyPolicy concurrencyPolicy,
                           boolean suspend, int successfulRunHistoryLimit, int failedRunHistoryLimit,
                           Duration startingDeadline) {

    public static final String DEFAULT_TIME_ZONE = "UTC";
    static final int MAX_NAME = 200;
    static final int MAX_HISTORY = 100;

    public static ScheduleSpec of(ScheduleRequest r) {
        return new ScheduleSpec(name(r.name()),
                CronSchedule.of(r.cron(), r.timeZone() == null ? DEFAULT_TIME_ZONE : r.timeZone()),
                template(r.template()),
                ConcurrencyPolicy.parse(r.concurrencyPolicy()),
                r.suspend() != null && r.suspend(),
                limit("successfulRunHistoryLimit", r.successfulRunHistoryLimit(), 3),
                limit("failedRunHistoryLimit", r.failedRunHistoryLimit(), 1),
                deadline(r.startingDeadline()));
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw SparkportException.invalid("name is required");
        }
        if (name.trim().length() > MAX_NAME) {
            throw SparkportException.invalid("name is longer than " + MAX_NAME + " characters");
        }
        return name.trim();
    }

    private static JobRequest template(JobRequest template) {
        if (template == null) {
            throw SparkportException.invalid("template is required: the body of a job submission");
        }
        return template;
    }

    private static int limit(String field, Integer value, int defaultValue) {
        int v = value == null ? defaultValue : value;
        if (v < 0 || v > MAX_HISTORY) {
            throw SparkportException.invalid(field + " must be between 0 and " + MAX_HISTORY);
        }
        return v;
    }

    private static Duration deadline(String text) {
        if (text == null) {
            return null;
        }
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw SparkportException.invalid("startingDeadline '" + text + "' is not an ISO-8601 duration like PT5M");
        }
        if (d.isNegative() || d.isZero()) {
            throw SparkportException.invalid("startingDeadline must be positive");
        }
        return d;
    }
}
