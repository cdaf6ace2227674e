package io.taskline.cli.demo;

import io.taskline.producer.Recurrence;
import io.taskline.producer.ScheduleRequest;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.examples.Flaky;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.Report;
import io.taskline.schemas.examples.Thumbnail;
import io.taskline.schemas.examples.WelcomeEmail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tasks the demo publishes: real work, one flaky task, one that always fails, one delayed
 * task, a chain of three steps, a batch of three with a callback, and a schedule that fires every
 * two seconds.
 */
final class DemoTasks {

    /** The demo queue. */
    static final String QUEUE = "demo";
    /** How long the delayed task waits. */
    static final Duration DELAY = Duration.ofSeconds(3);
    /** Members of the demo's batch. */
    static final int BATCH_SIZE = 3;
    /** Tasks expected to succeed in the end: the first ten but one, the delayed task, the chain's three
     * steps, the batch's members and its callback. */
    static final int EXPECTED_SUCCEEDED = 9 + 1 + 3 + BATCH_SIZE + 1;
    /** Tasks expected to end on the DLQ. */
    static final int EXPECTED_DEAD = 1;

    private DemoTasks() {
    }

    /** Every demo task, in publish order. */
    static List<TaskRequest> all() {
        List<TaskRequest> tasks = new ArrayList<>();
        String[][] users = {{"ada@example.com", "Ada"}, {"grace@example.com", "Grace"}, {"linus@example.com", "Linus"}};
        for (String[] user : users) {
            tasks.add(TaskRequest.to(QUEUE).type("welcome-email").key(user[0])
                    .payload(WelcomeEmail.newBuilder().setTo(user[0]).setName(user[1]).build()).build());
        }
        for (int i = 1; i <= 2; i++) {
            tasks.add(TaskRequest.to(QUEUE).type("thumbnail").key("image-" + i)
                    .payload(Thumbnail.newBuilder().setImageId("image-" + i).setSeed(i).setMaxSize(160).build()).build());
        }
        tasks.add(TaskRequest.to(QUEUE).type("report").key("acme")
                .payload(Report.newBuilder().setAccount("acme").setMonth("2026-10").setLines(12).build()).build());
        tasks.add(TaskRequest.to(QUEUE).type("report").key("globex")
                .payload(Report.newBuilder().setAccount("globex").setMonth("2026-10").setLines(8).build()).build());
        tasks.add(TaskRequest.to(QUEUE).type("flaky").key("flaky-1")
                .payload(Flaky.newBuilder().setFailTimes(2).build()).build());
        tasks.add(TaskRequest.to(QUEUE).type("echo").key("echo-1")
                .payload(Message.newBuilder().setMessage("hello from the demo").build()).build());
        tasks.add(TaskRequest.to(QUEUE).type("always-fail").key("doomed-1")
                .payload(Message.newBuilder().setMessage("this one never works").build()).build());
        return tasks;
    }

    /** A task that runs {@link #DELAY} after it is published. */
    static TaskRequest delayed() {
        return TaskRequest.to(QUEUE).type("echo").key("later-1").delay(DELAY)
                .payload(Message.newBuilder().setMessage("three seconds later").build()).build();
    }

    /** A chain: make a thumbnail, then render a report, then say so; each step after the one before succeeded. */
    static List<TaskRequest> chain() {
        return List.of(
                TaskRequest.to(QUEUE).type("thumbnail").key("chain-1")
                        .payload(Thumbnail.newBuilder().setImageId("image-3").setSeed(3).setMaxSize(160).build()).build(),
                TaskRequest.to(QUEUE).type("report").key("chain-1")
                        .payload(Report.newBuilder().setAccount("initech").setMonth("2026-10").setLines(5).build()).build(),
                TaskRequest.to(QUEUE).type("echo").key("chain-1")
                        .payload(Message.newBuilder().setMessage("chain finished").build()).build());
    }

    /** The demo's schedule: an echo every {@link #EVERY}. */
    static final String SCHEDULE_ID = "heartbeat";
    /** How often the schedule fires. */
    static final Duration EVERY = Duration.ofSeconds(2);
    /** Fires the demo waits for. */
    static final int EXPECTED_FIRES = 2;

    /** The demo's recurring task. */
    static ScheduleRequest schedule() {
        return ScheduleRequest.of(SCHEDULE_ID, Recurrence.every(EVERY), TaskRequest.to(QUEUE).type("echo")
                .payload(Message.newBuilder().setMessage("heartbeat").build()).build());
    }

    /** True for a task a schedule fired (its id is the schedule id, '@' and the fire time). */
    static boolean isScheduled(String taskId) {
        return taskId.startsWith(SCHEDULE_ID + "@");
    }

    /** The batch's members: one echo each; the batch's callback writes how it ended. */
    static List<TaskRequest> batchMembers() {
        List<TaskRequest> members = new ArrayList<>();
        for (int i = 1; i <= BATCH_SIZE; i++) {
            members.add(TaskRequest.to(QUEUE).type("echo").key("batch-" + i)
                    .payload(Message.newBuilder().setMessage("batch member " + i).build()).build());
        }
        return members;
    }

    /** The batch's callback, run once when every member has ended. */
    static TaskRequest.Builder batchCallback() {
        return TaskRequest.to(QUEUE).type("batch-done");
    }
}
