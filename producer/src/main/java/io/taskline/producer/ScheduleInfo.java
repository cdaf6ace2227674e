package io.taskline.producer;

import io.taskline.schemas.MisfirePolicy;
import io.taskline.schemas.Schedule;
import java.time.Instant;
import java.util.Optional;

/**
 * A schedule as stored, with its next fire time, for {@code taskline schedule list}.
 *
 * <p>Usage: {@code client.list().forEach(s -> System.out.println(s.id() + " " + s.nextFireAt()));}
 *
 * @param schedule the stored definition
 * @param recurrence when it fires
 * @param nextFireAt the next fire time after the moment it was read, or empty when paused or never again
 */
public record ScheduleInfo(Schedule schedule, Recurrence recurrence, Optional<Instant> nextFireAt) {

    /** The view of {@code schedule} at {@code now}. */
    public static ScheduleInfo of(Schedule schedule, Instant now) {
        Recurrence recurrence = Recurrence.of(schedule);
        return new ScheduleInfo(schedule, recurrence,
                schedule.getPaused() ? Optional.empty() : recurrence.next(now));
    }

    /** The schedule id. */
    public String id() {
        return schedule.getId();
    }

    /** True when paused. */
    public boolean paused() {
        return schedule.getPaused();
    }

    /** The misfire policy. */
    public MisfirePolicy misfire() {
        return schedule.getMisfire();
    }
}
