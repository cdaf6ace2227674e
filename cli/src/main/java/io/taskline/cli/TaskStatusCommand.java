package io.taskline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.producer.TaskStatus;
import io.taskline.producer.TaskStatusReader;
import io.taskline.schemas.TaskEvent;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskline task status ID}: the task's state (enqueued, running, retrying with tier and due
 * time, succeeded, dead), its attempts and every transition with its time, from
 * {@code taskline.events} (7 days). Exits 1 when the task has no events in that window.
 *
 * <p>Usage: {@code taskline task status 7f3a0c1e-... --json}
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a task's state, attempts and transitions (from the last 7 days of events).")
public final class TaskStatusCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Parameters(paramLabel = "ID", description = "The task id publish printed.")
    private String taskId;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        if (taskId.isBlank()) {
            throw new IllegalArgumentException("the task id is empty");
        }
        Optional<TaskStatus> found;
        try (TaskStatusReader reader = TaskStatusReader.create(global.reachableConfig().kafka())) {
            found = reader.status(taskId);
        }
        if (found.isEmpty()) {
            global.err().println("error: no events for task " + taskId + " in the last "
                    + TaskStatusReader.DEFAULT_WINDOW.toDays() + " days (check the id; events are kept 7 days)");
            global.err().flush();
            return ExitCodes.FAILED;
        }
        PrintWriter out = global.out();
        TaskStatus status = found.get();
        if (json) {
            JsonOutput.println(out, json(status));
        } else {
            out.println("task      " + status.taskId());
            out.println("queue     " + status.queue() + "  type " + status.type()
                    + (status.key() == null ? "" : "  key " + status.key()));
            out.println("state     " + state(status));
            out.println("attempts  " + status.attempts());
            for (TaskEvent e : status.transitions()) {
                out.println("  " + EventLines.text(e));
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The state line of {@code task status}, e.g. {@code retrying in tier 5s, due ...} or {@code parked behind t-0}. */
    static String state(TaskStatus status) {
        StringBuilder s = new StringBuilder(status.state().label());
        if (status.tier() != null) {
            s.append(" in tier ").append(status.tier());
        }
        if (status.blockedBy() != null) {
            s.append(" behind ").append(status.blockedBy());
        }
        if (status.dueAt() != null) {
            s.append(", due ").append(EventLines.TIME.format(status.dueAt()));
        }
        return s.toString();
    }

    private static ObjectNode json(TaskStatus status) {
        ObjectNode node = JsonOutput.object()
                .put("taskId", status.taskId())
                .put("queue", status.queue())
                .put("type", status.type())
                .put("key", status.key())
                .put("state", status.state().label())
                .put("attempts", status.attempts())
                .put("tier", status.tier())
                .put("blockedBy", status.blockedBy())
                .put("dueAt", status.dueAt() == null ? null : EventLines.TIME.format(status.dueAt()));
        ArrayNode transitions = node.putArray("transitions");
        status.transitions().forEach(e -> transitions.add(EventLines.json(e)));
        return node;
    }
}
