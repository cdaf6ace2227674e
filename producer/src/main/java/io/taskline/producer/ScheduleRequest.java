package io.taskline.producer;

import io.taskline.schemas.MisfirePolicy;
import java.util.Objects;

/**
 * A recurring task to add: its id, when it fires, the task each fire publishes, and what workers
 * do with fire times they missed.
 *
 * <p>Usage: {@code ScheduleRequest.of("nightly-report", Recurrence.cron("0 6 * * *", "Europe/Berlin"),
 * TaskRequest.to("reports").type("report").payload(report).build()).withMisfire(MisfirePolicy.SKIP)}.
 *
 * @param id the schedule id: letters, digits, {@code . _ -}; each fired task's id is derived from it
 * @param recurrence when it fires
 * @param task the task each fire publishes: queue, type, payload, and optionally key (default: the
 *     schedule id), max attempts and headers; no id, delay or expiry
 * @param misfire what workers do with fire times they missed
 */
public record ScheduleRequest(String id, Recurrence recurrence, TaskRequest task, MisfirePolicy misfire) {

    private static final String ID_PATTERN = "[a-zA-Z0-9._-]{1,200}";

    /** Validates the id and that the task is one a schedule can publish again and again. */
    public ScheduleRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recurrence, "recurrence");
        Objects.requireNonNull(task, "task");
        misfire = misfire == null ? MisfirePolicy.FIRE_ONCE : misfire;
        if (!id.matches(ID_PATTERN)) {
            throw new InvalidScheduleException("'" + id + "' is not a valid schedule id (1 to 200 letters, digits, . _ -)");
        }
        if (task.id() != null) {
            throw new InvalidScheduleException("a scheduled task takes its id from the schedule id and fire time; "
                    + "leave the task id unset");
        }
        if (task.runTime().isDelayed() || task.expiresAt() != null) {
            throw new InvalidScheduleException("a scheduled task runs at its fire time; it cannot have a delay, "
                    + "a run time or an expiry");
        }
    }

    /** A schedule that fires {@code task} at every fire time of {@code recurrence}, with the fire-once misfire policy. */
    public static ScheduleRequest of(String id, Recurrence recurrence, TaskRequest task) {
        return new ScheduleRequest(id, recurrence, task, MisfirePolicy.FIRE_ONCE);
    }

    /** The same request with another misfire policy. */
    public ScheduleRequest withMisfire(MisfirePolicy value) {
        return new ScheduleRequest(id, recurrence, task, value);
    }
}
