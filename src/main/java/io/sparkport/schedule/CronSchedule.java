package io.sparkport.schedule;

import io.sparkport.SparkportException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * Pure: a cron expression in a time zone, as a sequence of instants ("slots").
 *
 * <p>Daylight-saving changes follow the classic Unix cron (Vixie cron, cronie) rules. A job at a fixed
 * time of day ({@link CronExpression#fixedTime()}: no {@code *} in minute or hour) runs once per matching
 * day: when its time is skipped (spring forward) it runs at the moment the clocks jump, and when its time
 * happens twice (fall back) it runs at the first occurrence only. A job with {@code *} in minute or hour
 * follows the clock: skipped times do not run, repeated times run again, so {@code @hourly} runs once per
 * real hour. Several slots that land on the same instant fire once.
 */
public final class CronSchedule {

    private static final int MAX_SEGMENTS = 64;
    private static final Duration FIRST_WINDOW = Duration.ofMinutes(1);

    private final CronExpression expression;
    private final ZoneId zone;
    private final ZoneRules rules;

    public CronSchedule(CronExpression expression, ZoneId zone) {
        this.expression = expression;
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /** Parses both, or fails with a 422 that says which is wrong and why. */
    public static CronSchedule of(String cron, String timeZone) {
        return new CronSchedule(CronExpression.parse(cron), zone(timeZone));
    }

    static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            throw SparkportException.invalid("timeZone is required");
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw SparkportException.invalid("timeZone '" + timeZone + "' is unknown: use an IANA time zone"
                    + " such as Europe/Bucharest or UTC");
        }
    }

    public CronExpression expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first slot strictly after {@code after}; empty only for an expression that never fires. */
    public Optional<Instant> next(Instant after) {
        Instant from = after;
        boolean inclusive = false;
        for (int i = 0; i < MAX_SEGMENTS; i++) {
            ZoneOffset offset = rules.getOffset(from);
            ZoneOffsetTransition transition = rules.nextTransition(from);
            Instant end = transition == null ? Instant.MAX : transition.getInstant();
            Optional<Instant> found = nextInSegment(from, inclusive, offset, end);
            if (found.isPresent() || transition == null) {
                return found;
            }
            if (transition.isGap() && expression.fixedTime() && gapHasSlot(transition)) {
                return Optional.of(transition.getInstant());
            }
            from = transition.getInstant();
            inclusive = true;
        }
        return Optional.empty();
    }

    /** The first slot in {@code [from, end)} (or {@code (from, end)}) where the offset does not change. */
    private Optional<Instant> nextInSegment(Instant from, boolean inclusive, ZoneOffset offset, Instant end) {
        LocalDateTime local = LocalDateTime.ofInstant(from, offset);
        LocalDateTime start = inclusive ? local : local.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (LocalDateTime slot = expression.firstAtOrAfter(start); slot != null;
             slot = expression.firstAtOrAfter(slot.plusMinutes(1))) {
            Instant at = slot.toInstant(offset);
            if (!at.isBefore(end)) {
                return Optional.empty();
            }
            if (!(expression.fixedTime() && isSecondOccurrence(slot, offset))) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    private boolean gapHasSlot(ZoneOffsetTransition gap) {
        LocalDateTime slot = expression.firstAtOrAfter(gap.getDateTimeBefore());
        return slot != null && slot.isBefore(gap.getDateTimeAfter());
    }

    private boolean isSecondOccurrence(LocalDateTime slot, ZoneOffset offset) {
        ZoneOffsetTransition transition = rules.getTransition(slot);
        return transition != null && transition.isOverlap() && transition.getOffsetAfter().equals(offset);
    }

    /**
     * The latest slot in {@code (after, notAfter]}, if there is one. Looks back from {@code notAfter} in
     * doubling windows, so a schedule that missed a year of minutes costs a few steps, not a year of them.
     */
    public Optional<Instant> latest(Instant after, Instant notAfter) {
        Optional<Instant> first = next(after);
        if (first.isEmpty() || first.get().isAfter(notAfter)) {
            return Optional.empty();
        }
        Duration window = FIRST_WINDOW;
        while (true) {
            Instant from = notAfter.minus(window).isAfter(after) ? notAfter.minus(window) : after;
            Optional<Instant> candidate = next(from);
            if (candidate.isPresent() && !candidate.get().isAfter(notAfter)) {
                Instant latest = candidate.get();
                for (Optional<Instant> n = next(latest); n.isPresent() && !n.get().isAfter(notAfter); n = next(latest)) {
                    latest = n.get();
                }
                return Optional.of(latest);
            }
            window = window.multipliedBy(2);
        }
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
