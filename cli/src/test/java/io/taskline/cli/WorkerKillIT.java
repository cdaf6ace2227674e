package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.PublishedTask;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Thumbnail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code taskline worker} killed with SIGKILL mid-run, then replaced by a second process on the
 * same config, loses no task and commits no success twice: the killed worker's open transaction
 * is aborted, so its tasks since the last commit run again, yet every task has exactly one
 * committed SUCCEEDED event.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class WorkerKillIT {

    private static final int TASKS = 600;
    private static final int PARTITIONS = 4;
    /** The first worker is killed once this many successes are committed: well into the run, far from its end. */
    private static final int KILL_AFTER = TASKS / 5;
    private static final Duration EVENTUALLY = Duration.ofSeconds(120);

    @Test
    void aWorkerKilledMidRunLosesNoTaskAndCommitsNoSuccessTwice(EmbeddedKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String queue = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = workerConfig(broker, queue, dir);
        Cli.Run topics = CliIT.taskline(broker, "topics", "create", "--queue", queue, "--tiers", "1s",
                "--partitions", Integer.toString(PARTITIONS));
        assertThat(topics.exitCode()).as(topics.err()).isZero();
        Set<String> ids = publishThumbnails(broker, queue);

        List<TaskEvent> seen = new CopyOnWriteArrayList<>();
        long succeededAtKill;
        Set<String> firstWorker;
        try (EventReader follower = new EventReader(KafkaClientSettings.of(broker.bootstrapServers()), queue)) {
            CompletableFuture<Void> following = CompletableFuture.runAsync(() -> follower.read(true, seen::add));
            try (WorkerProcess a = WorkerProcess.start(config, Map.of())) {
                succeededAtKill = await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100))
                        .until(() -> succeededWhileAlive(a, following, seen), n -> n >= KILL_AFTER);
                a.kill();
            }
            firstWorker = seen.stream().map(TaskEvent::getWorker).collect(Collectors.toSet());
            try (WorkerProcess b = WorkerProcess.start(config, Map.of())) {
                await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    succeededWhileAlive(b, following, seen);
                    assertThat(succeeded(seen).map(TaskEvent::getTaskId).collect(Collectors.toSet()))
                            .as("tasks with a committed SUCCEEDED event").containsAll(ids);
                });
            }
            follower.stop();
            following.get(10, TimeUnit.SECONDS);
        }

        // Every committed event, read after the second worker shut down cleanly.
        List<TaskEvent> events = committedEvents(broker, queue);
        Map<String, Long> successes = succeeded(events)
                .collect(Collectors.groupingBy(TaskEvent::getTaskId, Collectors.counting()));
        assertThat(succeededAtKill).as("committed successes when the first worker was killed").isBetween(1L, TASKS - 1L);
        assertThat(successes.keySet()).as("tasks that succeeded").isEqualTo(ids);
        assertThat(successes).as("tasks with more than one committed SUCCEEDED event")
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
        assertThat(events).filteredOn(e -> e.getEvent() == TaskEventType.DEAD).as("dead tasks").isEmpty();
        long byFirst = succeeded(events).filter(e -> firstWorker.contains(e.getWorker())).count();
        assertThat(byFirst).as("successes committed by the killed worker").isBetween(succeededAtKill, TASKS - 1L);
    }

    /** The committed successes so far, after checking the worker and the event reader still run. */
    private static long succeededWhileAlive(WorkerProcess worker, CompletableFuture<Void> following, List<TaskEvent> seen) {
        assertThat(worker.isAlive()).as("worker process; stderr: %s", worker.err()).isTrue();
        assertThat(following).as("event reader").isNotDone();
        return succeeded(seen).count();
    }

    private static Stream<TaskEvent> succeeded(List<TaskEvent> events) {
        return events.stream().filter(e -> e.getEvent() == TaskEventType.SUCCEEDED);
    }

    private static List<TaskEvent> committedEvents(EmbeddedKafkaBroker broker, String queue) {
        List<TaskEvent> events = new ArrayList<>();
        try (EventReader reader = new EventReader(KafkaClientSettings.of(broker.bootstrapServers()), queue)) {
            reader.read(false, events::add);
        }
        return events;
    }

    /** Thumbnails of generated test images: real work of some milliseconds each, so the run lasts seconds. */
    private static Set<String> publishThumbnails(EmbeddedKafkaBroker broker, String queue) {
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            requests.add(TaskRequest.to(queue).type("thumbnail")
                    .payload(Thumbnail.newBuilder().setImageId("img-" + i).setSeed(i).setMaxSize(128).build()).build());
        }
        try (TaskPublisher publisher = TaskPublisher.create(
                new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
            return publisher.publishAll(requests).stream().map(CompletableFuture::join).map(PublishedTask::id)
                    .collect(Collectors.toSet());
        }
    }

    /**
     * One worker config for both processes: the same group and state directory, so the second one
     * takes over the first one's tasks and transactional ids.
     */
    private static Path workerConfig(EmbeddedKafkaBroker broker, String queue, Path dir) throws IOException {
        Map<String, Object> props = new HashMap<>(TestWorkers.props(broker, queue, dir));
        props.put("queue." + queue + ".partitions", PARTITIONS);
        props.put("queue." + queue + ".handler.thumbnail", "io.taskline.examples.ThumbnailHandler");
        props.put("examples.output.dir", dir.resolve("output"));
        // A killed member stays in the group until its session expires: 45 s by default, 10 s here.
        props.put("kafka.session.timeout.ms", 10_000);
        Path file = dir.resolve("worker.properties");
        Files.write(file, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        return file;
    }
}
