package io.taskline.cli.demo;

import io.taskline.schemas.TaskEvent;
import java.time.Duration;
import java.time.Instant;

/** How the demo prints one lifecycle event: time since start, event, type, short id, detail. */
final class DemoFormat {

    private DemoFormat() {
    }

    static String eventLine(TaskEvent e, Instant start) {
        double seconds = Duration.between(start, e.getAt()).toMillis() / 1000.0;
        String event = e.getEvent().name().toLowerCase();
        String head = String.format("  %+6.1fs  %-9s  %-13s  %s  attempt %d", seconds, event, e.getType(),
                shortId(e.getTaskId()), e.getAttempt());
        switch (e.getEvent()) {
            case SUCCEEDED:
                return head + (e.getDurationMs() == null ? "" : "  (" + e.getDurationMs() + " ms)");
            case RETRYING:
                return head + "  failed: " + error(e) + "  -> tier " + e.getTier() + ", due "
                        + DemoEventFeed.clock(e.getDueAt());
            case DEAD:
                return head + "  failed: " + error(e) + "  -> " + e.getQueue() + ".dlq";
            case ENQUEUED:
                return e.getDueAt() == null ? head : head + "  due " + DemoEventFeed.clock(e.getDueAt());
            default:
                return head;
        }
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    private static String error(TaskEvent e) {
        String cls = e.getErrorClass() == null ? "?" : e.getErrorClass().substring(e.getErrorClass().lastIndexOf('.') + 1);
        return cls + ": " + e.getErrorMessage();
    }
}
