package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.TopicReader;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.Recurrence;
import io.taskline.producer.ScheduleClient;
import io.taskline.producer.ScheduleInfo;
import io.taskline.producer.ScheduleRequest;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.Task;
import io.taskline.schemas.examples.Message;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recurring tasks against a real broker: an every-second schedule fires exactly one task per fire
 * time while a worker restarts and a second one joins; pause, resume, trigger and remove act on a
 * running worker.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RecurringTaskIT {

    private static final Duration EVERY = Duration.ofSeconds(1);
    /** How long a schedule change may take to reach the worker that owns the schedule. */
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final WorkerFixture fixture;
    private final List<Execution> runs = new CopyOnWriteArrayList<>();

    RecurringTaskIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void anEverySecondScheduleFiresExactlyOncePerFireTimeThroughARestartAndASecondWorkerJoining() throws Exception {
        String queue = TestQueues.unique("every");
        Map<String, Object> first = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        Map<String, Object> second = new HashMap<>(first);
        second.put("state.dir", Files.createTempDirectory("taskline-state-second").toString());
        Worker a = startWorker(first, queue);
        ScheduleClient schedules = schedules();
        ScheduleInfo added = schedules.add(everySecond("tick", queue));

        awaitRuns(3);
        // Alone, the first worker owns every schedules partition: its restart restores their state.
        fixture.closeNow(a);
        startWorker(first, queue);
        awaitRuns(runs.size() + 3);
        startWorker(second, queue);
        awaitRuns(runs.size() + 3);
        schedules.remove("tick");
        Instant removed = Instant.now();

        List<Task> tasks = await().atMost(Duration.ofSeconds(30)).until(() -> publishedTasks(queue),
                all -> all.size() == runs.size() && !all.isEmpty());
        List<String> published = tasks.stream().map(Task::getId).toList();
        List<Instant> fireTimes = fireTimes(runs.stream().map(Execution::taskId).toList());
        assertThat(published).as("task records on the queue").doesNotHaveDuplicates();
        assertThat(runs).extracting(Execution::taskId).as("executions").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(published);
        Instant start = added.schedule().getStartsAt();
        List<Instant> expected = new ArrayList<>();
        for (Instant t = start.plus(EVERY); !t.isAfter(fireTimes.get(fireTimes.size() - 1)); t = t.plus(EVERY)) {
            expected.add(t);
        }
        assertThat(fireTimes).as("one task per fire time, no gap").containsExactlyElementsOf(expected);
        assertThat(Duration.between(start, fireTimes.get(fireTimes.size() - 1))).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
        assertThat(fireTimes.get(fireTimes.size() - 1)).isBefore(removed.plus(GRACE));
        List<Long> lateMs = tasks.stream().map(t -> Duration.between(fireTimes(List.of(t.getId())).get(0),
                t.getEnqueuedAt()).toMillis()).sorted().toList();
        assertThat(lateMs).as("never enqueued before its fire time").allMatch(ms -> ms >= 0);
        System.out.printf("fire lateness over %d fires (restart included): p50 %d ms, p90 %d ms, max %d ms%n",
                lateMs.size(), lateMs.get(lateMs.size() / 2), lateMs.get(lateMs.size() * 9 / 10),
                lateMs.get(lateMs.size() - 1));
    }

    @Test
    void pauseStopsFiresResumeRestartsThemTriggerFiresOnceNowAndRemoveStopsThem() throws Exception {
        String queue = TestQueues.unique("lifecycle");
        startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3), queue);
        ScheduleClient schedules = schedules();
        schedules.add(everySecond("beat", queue));
        awaitRuns(2);

        Instant paused = schedules.pause("beat").schedule().getUpdatedAt();
        assertNoFireAfter(paused.plus(GRACE));

        Instant resumed = schedules.resume("beat").schedule().getUpdatedAt();
        await().atMost(Duration.ofSeconds(10)).until(() -> fireTimes(regularIds()).stream().anyMatch(t -> t.isAfter(resumed)));
        assertThat(fireTimes(regularIds())).as("the pause is not made up")
                .noneMatch(t -> t.isAfter(paused.plus(GRACE)) && !t.isAfter(resumed));

        Instant triggered = schedules.trigger("beat").schedule().getTriggeredAt();
        String triggerId = "beat@" + triggered + "/trigger";
        await().atMost(Duration.ofSeconds(10)).until(() -> ids().contains(triggerId));

        schedules.remove("beat");
        Instant removed = Instant.now();
        assertNoFireAfter(removed.plus(GRACE));
        assertThat(ids()).doesNotHaveDuplicates().filteredOn(id -> id.endsWith("/trigger")).containsExactly(triggerId);
    }

    private Worker startWorker(Map<String, Object> props, String queue) throws InterruptedException {
        props.put("kafka.session.timeout.ms", "10000");
        return fixture.startWorker(props, queue, Map.of("report", aHandler(Message.class, runs)));
    }

    private ScheduleClient schedules() {
        return fixture.track(ScheduleClient.create(new TaskPublisherConfig(Map.of("bootstrap.servers", fixture.bootstrap()))));
    }

    private static ScheduleRequest everySecond(String id, String queue) {
        return ScheduleRequest.of(id, Recurrence.every(EVERY),
                TaskRequest.to(queue).type("report").payload(Message.newBuilder().setMessage(id).build()).build());
    }

    private void awaitRuns(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() >= count);
    }

    /** Holds for three seconds: no regular fire time after {@code limit}. */
    private void assertNoFireAfter(Instant limit) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fireTimes(regularIds()).stream().noneMatch(t -> t.isAfter(limit)));
    }

    private List<String> ids() {
        return runs.stream().map(Execution::taskId).toList();
    }

    private List<String> regularIds() {
        return ids().stream().filter(id -> !id.endsWith("/trigger")).toList();
    }

    private List<Task> publishedTasks(String queue) {
        return TopicReader.readAll(fixture.bootstrap(), queue).stream().map(r -> fixture.decodeTask(r.value())).toList();
    }

    /** The fire times in task ids {@code <schedule>@<fire time>}, sorted. */
    private static List<Instant> fireTimes(List<String> taskIds) {
        return taskIds.stream().map(id -> Instant.parse(id.substring(id.indexOf('@') + 1))).sorted().toList();
    }
}
