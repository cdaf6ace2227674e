package io.taskline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How {@code taskline events} prints one task event: a text line for people, or a JSON object
 * for scripts.
 *
 * <p>Usage: {@code out.println(EventLines.text(event));} prints e.g.
 * {@code 2026-11-28T04:10:00.123Z  smoke  flaky  7f3a...  retrying  attempt=1 tier=1s due=2026-11-28T04:10:01.123Z error=IllegalStateException: boom}.
 */
public final class EventLines {

    /** ISO-8601 in UTC, always with milliseconds, so text lines align. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private EventLines() {
    }

    /** The lower-case event name: enqueued, parked, started, succeeded, retrying, dead. */
    public static String name(TaskEventType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** One text line. */
    public static String text(TaskEvent e) {
        StringBuilder details = new StringBuilder("attempt=").append(e.getAttempt());
        if (e.getKey() != null) {
            details.append(" key=").append(e.getKey());
        }
        if (e.getTier() != null) {
            details.append(" tier=").append(e.getTier());
        }
        if (e.getDueAt() != null) {
            details.append(" due=").append(time(e.getDueAt()));
        }
        if (e.getBlockedBy() != null) {
            details.append(" behind=").append(e.getBlockedBy());
        }
        if (e.getEvent() == TaskEventType.SUCCEEDED && e.getDurationMs() != null) {
            details.append(" took=").append(e.getDurationMs()).append("ms");
        }
        if (e.getErrorClass() != null) {
            details.append(" error=").append(simpleName(e.getErrorClass()));
            if (e.getErrorMessage() != null && !e.getErrorMessage().isEmpty()) {
                details.append(": ").append(oneLine(e.getErrorMessage()));
            }
        }
        return String.join("  ", time(e.getAt()), e.getQueue(), e.getType(), e.getTaskId(), name(e.getEvent()),
                details);
    }

    /** One JSON object with taskId, queue, type, key, event, attempt, at and whatever else the event has. */
    public static ObjectNode json(TaskEvent e) {
        ObjectNode node = JsonOutput.object()
                .put("taskId", e.getTaskId())
                .put("queue", e.getQueue())
                .put("type", e.getType())
                .put("key", e.getKey())
                .put("event", name(e.getEvent()))
                .put("attempt", e.getAttempt())
                .put("at", time(e.getAt()));
        if (e.getTier() != null) {
            node.put("tier", e.getTier());
        }
        if (e.getDueAt() != null) {
            node.put("dueAt", time(e.getDueAt()));
        }
        if (e.getBlockedBy() != null) {
            node.put("blockedBy", e.getBlockedBy());
        }
        if (e.getErrorClass() != null) {
            node.putObject("error").put("class", e.getErrorClass()).put("message", e.getErrorMessage());
        }
        if (e.getWorker() != null) {
            node.put("worker", e.getWorker());
        }
        if (e.getDurationMs() != null) {
            node.put("durationMs", e.getDurationMs());
        }
        return node;
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
