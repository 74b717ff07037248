package io.sparkport.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure: what a schedule does at {@code now}, given the slots it has dealt with so far. It fires at most one
 * slot, the latest one that is due, and only while that slot is within the starting deadline; earlier slots
 * that were missed (the service was down, the schedule suspended) are never run, so a restart after a long
 * outage starts at most one run per schedule and never a storm of them.
 */
public final class CatchUp {

    /** What to do now. */
    public sealed interface Outcome permits NotDue, Fire, Missed {
    }

    /** Nothing is due; the next slot comes at {@code next} (null for an expression that never fires again). */
    public record NotDue(Instant next) implements Outcome {
    }

    /** Start a run for {@code slot}; {@code missedEarlier} says whether earlier slots were let go. */
    public record Fire(Instant slot, boolean missedEarlier) implements Outcome {
    }

    /** The latest due slot is older than the starting deadline: record it as missed, run nothing. */
    public record Missed(Instant slot) implements Outcome {
    }

    private CatchUp() {
    }

    /**
     * @param consideredUntil slots at or before this instant have been dealt with (fired, skipped or missed),
     *                        or came before the schedule was created or its expression last changed
     * @param startingDeadline how late a slot may still start; null for no limit
     */
    public static Outcome decide(CronSchedule cron, Instant consideredUntil, Instant now, Duration startingDeadline) {
        Optional<Instant> latest = cron.latest(consideredUntil, now);
        if (latest.isEmpty()) {
            Instant from = now.isAfter(consideredUntil) ? now : consideredUntil;
            return new NotDue(cron.next(from).orElse(null));
        }
        Instant slot = latest.get();
        if (startingDeadline != null && Duration.between(slot, now).compareTo(startingDeadline) > 0) {
            return new Missed(slot);
        }
        boolean missedEarlier = cron.next(consideredUntil).map(first -> first.isBefore(slot)).orElse(false);
        return new Fire(slot, missedEarlier);
    }
}
