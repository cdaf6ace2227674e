package io.taskline.producer;

import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Where a task is in its life, from its events on {@code taskline.events}.
 *
 * <p>Usage: {@code reader.status(id).map(TaskStatus::state)} is e.g. {@code Optional[RETRYING]}.
 *
 * @param taskId the task id
 * @param queue its queue
 * @param type its type
 * @param key its ordering key, or null
 * @param state its state now
 * @param attempts the attempts started so far (since it was last enqueued: a replay counts afresh)
 * @param dueAt for ENQUEUED (delayed) and RETRYING: when it runs next; else null
 * @param tier for RETRYING: the tier it waits in (e.g. {@code 5s}); else null
 * @param blockedBy for PARKED: the earlier task of its key whose retry it waits for, if the event names it; else null
 * @param transitions every event of the task, oldest first
 */
public record TaskStatus(String taskId, String queue, String type, String key, State state, int attempts, Instant dueAt,
                         String tier, String blockedBy, List<TaskEvent> transitions) {

    /** The states a task passes through. */
    public enum State {
        /** Published, waiting for a worker (or for its run time). */
        ENQUEUED,
        /** Held back ({@code ordering=key}) until an earlier task of its key leaves its retry tier. */
        PARKED,
        /** A worker is running an attempt. */
        RUNNING,
        /** An attempt failed; it waits in a retry tier. */
        RETRYING,
        /** An attempt succeeded. */
        SUCCEEDED,
        /** It is a dead letter. */
        DEAD;

        /** The state's name as printed, e.g. {@code retrying}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Copies the list. */
    public TaskStatus {
        transitions = List.copyOf(transitions);
    }

    /** The status the events of one task (oldest first, not empty) add up to. */
    public static TaskStatus of(List<TaskEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a status needs at least one event");
        }
        TaskEvent first = events.get(0);
        TaskEvent last = events.get(events.size() - 1);
        int attempts = 0;
        for (TaskEvent e : events) {
            if (e.getEvent() == TaskEventType.STARTED) {
                attempts = Math.max(attempts, e.getAttempt());
            } else if (e.getEvent() == TaskEventType.ENQUEUED) {
                attempts = 0; // enqueued again: a dead letter replayed counts its attempts afresh
            }
        }
        State state = switch (last.getEvent()) {
            case STARTED -> State.RUNNING;
            case RETRYING -> State.RETRYING;
            case SUCCEEDED -> State.SUCCEEDED;
            case DEAD -> State.DEAD;
            case PARKED -> State.PARKED;
            case ENQUEUED, UNKNOWN -> State.ENQUEUED;
        };
        boolean waits = state == State.RETRYING || state == State.ENQUEUED;
        return new TaskStatus(first.getTaskId(), first.getQueue(), first.getType(), first.getKey(), state, attempts,
                waits ? last.getDueAt() : null, state == State.RETRYING ? last.getTier() : null,
                state == State.PARKED ? last.getBlockedBy() : null, events);
    }
}
