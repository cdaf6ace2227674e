package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.dlq.DeadLetterConfig;
import io.taskline.dlq.DeadLetterFilter;
import io.taskline.dlq.DeadLetterReplayer;
import io.taskline.dlq.ReplayOptions;
import io.taskline.dlq.ReplayResult;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.PublishedBatch;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.BatchSummary;
import io.taskline.schemas.examples.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of 1,000 with 10 members refused: the callback fires once with 990/10, and replaying
 * the 10 from the dead-letter topic with the handler fixed brings {@code taskline batch status}
 * to 1,000 succeeded.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class BatchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static final int SIZE = 1000;

    @Test
    void aBatchWithDeadMembersFiresOnceAndReachesAllSucceededAfterTheirReplay(EmbeddedKafkaBroker broker,
                                                                             @TempDir Path dir) throws Exception {
        String queue = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> doomed = IntStream.range(0, 10).mapToObj(i -> "report-" + (i * 97 + 5)).collect(Collectors.toSet());
        Recorder<Message> reports = new Recorder<>(Message.class, doomed);
        Recorder<BatchSummary> callbacks = new Recorder<>(BatchSummary.class, Set.of());
        try (Worker worker = Worker.builder(new WorkerConfig(TestWorkers.props(broker, queue, dir))).handler(queue, "report", reports)
                .handler(queue, "reports-done", callbacks).build().start();
             TaskPublisher publisher = TaskPublisher.create(
                     new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
            worker.awaitRunning(EVENTUALLY);
            List<TaskRequest> tasks = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                tasks.add(TaskRequest.to(queue).type("report").id("report-" + i).key("k-" + i % 20)
                        .payload(Message.newBuilder().setMessage("report " + i).build()).build());
            }
            PublishedBatch batch = publisher.batch(tasks, TaskRequest.to(queue).type("reports-done")).join();

            await().atMost(EVENTUALLY).until(() -> !callbacks.payloads.isEmpty());
            BatchSummary summary = callbacks.payloads.get(0);
            assertThat(summary.getBatchId()).isEqualTo(batch.batchId());
            assertThat(List.of(summary.getSize(), summary.getSucceeded(), summary.getDead()))
                    .containsExactly(SIZE, SIZE - 10, 10);
            assertThat(summary.getDeadTaskIds()).containsExactlyInAnyOrderElementsOf(doomed);
            JsonNode fired = status(broker, batch.batchId());
            assertThat(counts(fired)).containsExactly(SIZE, SIZE - 10, 0, 10, 0);
            assertThat(fired.get("callbackFired").asBoolean()).isTrue();

            reports.refused.clear();
            try (DeadLetterReplayer replayer = DeadLetterReplayer.create(
                    new DeadLetterConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
                ReplayResult replayed = replayer.replay(replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.defaults()));
                assertThat(replayed.replayedCount()).isEqualTo(10);
            }

            await().atMost(EVENTUALLY).untilAsserted(() ->
                    assertThat(counts(status(broker, batch.batchId()))).containsExactly(SIZE, SIZE, 0, 0, 0));
            assertThat(reports.succeeded).hasSize(SIZE).doesNotHaveDuplicates();
            // A second callback would be published with the last replayed success: give it time to run.
            await("the callback fired once, before the replay").during(Duration.ofSeconds(3)).atMost(EVENTUALLY)
                    .until(() -> callbacks.payloads.size() == 1);
            Cli.Run text = taskline(broker, "batch", "status", batch.batchId());
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("size       1000\n", "succeeded  1000\n", "dead       0\n", "pending    0\n",
                    "callback   fired ", "reports-done " + batch.callbackId() + " on " + queue);
        }
        Cli.Run unknown = taskline(broker, "batch", "status", "no-such-batch");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).startsWith("error: no batch no-such-batch").hasLineCount(1);
    }

    private static Cli.Run taskline(EmbeddedKafkaBroker broker, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(broker.bootstrapServers());
        return Cli.run(all.toArray(String[]::new));
    }

    private static JsonNode status(EmbeddedKafkaBroker broker, String batchId) throws Exception {
        Cli.Run run = taskline(broker, "batch", "status", batchId, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out().strip());
    }

    private static List<Integer> counts(JsonNode status) {
        return List.of(status.get("size").asInt(), status.get("succeeded").asInt(), status.get("retrying").asInt(),
                status.get("dead").asInt(), status.get("pending").asInt());
    }

    /** Records the payloads it runs by task id; refuses (non-retryable) the ids in {@code refused}. */
    static final class Recorder<P> implements TaskHandler<P> {
        final Set<String> refused = ConcurrentHashMap.newKeySet();
        final List<String> succeeded = new CopyOnWriteArrayList<>();
        final List<P> payloads = new CopyOnWriteArrayList<>();
        private final Class<P> type;

        Recorder(Class<P> type, Set<String> refused) {
            this.type = type;
            this.refused.addAll(refused);
        }

        @Override
        public Class<P> payloadType() {
            return type;
        }

        @Override
        public void handle(P payload, TaskContext context) {
            if (refused.contains(context.taskId())) {
                throw new NonRetryableException("report template missing for " + context.taskId());
            }
            succeeded.add(context.taskId());
            payloads.add(payload);
        }
    }
}
