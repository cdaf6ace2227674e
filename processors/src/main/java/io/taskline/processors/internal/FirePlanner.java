package io.taskline.processors.internal;

import io.taskline.producer.Recurrence;
import io.taskline.schemas.MisfirePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which fire times of a schedule to publish now, as a pure function of its recurrence,
 * misfire policy, the time its fires are done through, and the wall clock.
 *
 * <p>A fire time no more than the misfire threshold in the past is on time: it fires, late or
 * not, and so does every later one up to now (a rebalance or a short restart loses none). When
 * the first due fire time is older than the threshold the schedule misfired (workers were down
 * or it belongs to a queue no worker served), and the policy decides: {@code FIRE_ONCE} publishes
 * one task, for the first missed fire time; {@code SKIP} publishes none; {@code FIRE_ALL}
 * publishes every missed fire time, at most {@link #FIRE_ALL_CAP}. After a misfire the schedule
 * goes on with its first fire time after now.
 *
 * <p>Usage: {@code new FirePlanner(Duration.ofMinutes(1)).plan(recurrence, MisfirePolicy.FIRE_ONCE, through, now)}.
 */
public final class FirePlanner {

    /** The most fire times one look publishes: fire-all's cap, and a bound on catching up. */
    public static final int FIRE_ALL_CAP = 1000;

    private final Duration threshold;

    /** A planner that treats fire times more than {@code threshold} late as misfired. */
    public FirePlanner(Duration threshold) {
        this.threshold = threshold;
    }

    /** The plan for a schedule whose fires are done through {@code firedThrough}, at {@code now}. */
    public FirePlan plan(Recurrence recurrence, MisfirePolicy policy, Instant firedThrough, Instant now) {
        Optional<Instant> first = recurrence.next(firedThrough);
        if (first.isEmpty() || first.get().isAfter(now)) {
            return FirePlan.nothing(firedThrough);
        }
        if (Duration.between(first.get(), now).compareTo(threshold) <= 0) {
            List<Instant> due = dueThrough(recurrence, first.get(), now);
            return new FirePlan(due, due.get(due.size() - 1), 0, false);
        }
        List<Instant> missed = dueThrough(recurrence, first.get(), now);
        boolean more = missed.size() == FIRE_ALL_CAP && recurrence.next(missed.get(FIRE_ALL_CAP - 1))
                .filter(t -> !t.isAfter(now)).isPresent();
        return switch (policy) {
            case SKIP -> new FirePlan(List.of(), now, missed.size(), more);
            case FIRE_ALL -> new FirePlan(missed, more ? now : missed.get(missed.size() - 1), missed.size(), more);
            default -> new FirePlan(List.of(first.get()), now, missed.size(), more);
        };
    }

    /** The fire times from {@code first} through {@code now}, at most {@link #FIRE_ALL_CAP}. */
    private static List<Instant> dueThrough(Recurrence recurrence, Instant first, Instant now) {
        List<Instant> due = new ArrayList<>();
        Optional<Instant> next = Optional.of(first);
        while (next.isPresent() && !next.get().isAfter(now) && due.size() < FIRE_ALL_CAP) {
            due.add(next.get());
            next = recurrence.next(next.get());
        }
        return due;
    }
}
