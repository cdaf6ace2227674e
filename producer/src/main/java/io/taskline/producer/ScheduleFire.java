package io.taskline.producer;

import io.taskline.schemas.Schedule;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * One fire of a schedule: the task it publishes, whose id is derived from the schedule id and the
 * fire time, so firing the same time again yields the same task id.
 *
 * <p>Usage: {@code Task task = new ScheduleFire(schedule, fireTime, false).task(now);} — the id is
 * {@code nightly-report@2030-01-01T05:00:00Z}, or with {@code /trigger} appended for a
 * {@code schedule trigger} request made at that time.
 *
 * @param schedule the schedule that fires
 * @param fireTime the fire time, or the time of the trigger request
 * @param triggered true for a fire asked by {@code schedule trigger}
 */
public record ScheduleFire(Schedule schedule, Instant fireTime, boolean triggered) {

    /** The task id: {@code <schedule id>@<fire time, ISO-8601>}, plus {@code /trigger} for a triggered fire. */
    public String taskId() {
        return schedule.getId() + "@" + fireTime + (triggered ? "/trigger" : "");
    }

    /** The ordering key: the schedule's key, or its id so that its fires run in order. */
    public String key() {
        return schedule.getKey() != null ? schedule.getKey() : schedule.getId();
    }

    /** The first-attempt task envelope of this fire, enqueued at {@code now}. */
    public Task task(Instant now) {
        Map<String, String> headers = new HashMap<>(schedule.getHeaders());
        headers.put(TaskHeaders.SCHEDULE_ID, schedule.getId());
        headers.put(TaskHeaders.FIRE_TIME, fireTime.toString());
        return Task.newBuilder()
                .setId(taskId())
                .setType(schedule.getType())
                .setQueue(schedule.getQueue())
                .setKey(key())
                .setPayload(schedule.getPayload().duplicate())
                .setMaxAttempts(schedule.getMaxAttempts())
                .setEnqueuedAt(now)
                .setHeaders(headers)
                // Set, not defaulted: a default array of records makes Avro load classes by name.
                .setFailures(new ArrayList<>())
                .setReplays(new ArrayList<>())
                .build();
    }
}
