package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.examples.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskline lag} against a real broker: figures, thresholds and their exit codes. */
@ExtendWith(EmbeddedKafkaExtension.class)
class LagCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Cli.Run taskline(EmbeddedKafkaBroker broker, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(broker.bootstrapServers());
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void showsTheBacklogAndExitsOneOverAThresholdUntilAWorkerDrainsIt(EmbeddedKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String queue = "lag-" + UUID.randomUUID().toString().substring(0, 8);
        String group = queue + "-workers";
        assertThat(taskline(broker, "topics", "create", "--queue", queue, "--tiers", "1s,1h").exitCode()).isZero();
        Instant published = Instant.now();
        try (TaskPublisher publisher = TaskPublisher.create(
                new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
            for (int i = 0; i < 20; i++) {
                publisher.publish(TaskRequest.to(queue).type("echo").key("k" + i)
                        .payload(Message.newBuilder().setMessage("m" + i).build()).build()).join();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Duration.between(published, Instant.now()).toMillis() > 300);

        Cli.Run table = taskline(broker, "lag", "--queue", queue, "--group", group);
        Cli.Run json = taskline(broker, "lag", "--queue", queue, "--group", group, "--json");
        Cli.Run all = taskline(broker, "lag", "--group", group);
        Cli.Run overCount = taskline(broker, "lag", "--queue", queue, "--group", group, "--max-lag", "19");
        Cli.Run atCount = taskline(broker, "lag", "--queue", queue, "--group", group, "--max-lag", "20", "--max-age", "1h");
        Cli.Run overAge = taskline(broker, "lag", "--queue", queue, "--group", group, "--max-age", "200ms");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern(queue + "\\s+" + queue + "\\s+queue\\s+3\\s+20\\s+\\d+\\.\\ds\\s+0")
                .containsPattern(queue + "\\.retry\\.1s\\s+tier\\s+3\\s+0\\s+-")
                .containsPattern(queue + "\\.retry\\.1h\\s+tier")
                .containsPattern(queue + "\\.dlq\\s+dlq\\s+3\\s+0\\s+-\\s+-");
        JsonNode lag = JSON.readTree(json.out().strip());
        assertThat(lag.get("queue").asText()).isEqualTo(queue);
        assertThat(lag.get("group").asText()).isEqualTo(group);
        assertThat(lag.get("records").asLong()).isEqualTo(20);
        assertThat(lag.get("ageSeconds").asDouble()).isGreaterThanOrEqualTo(0.3);
        assertThat(lag.get("members").asInt()).isZero();
        assertThat(lag.get("topics")).extracting(t -> t.get("role").asText()).containsExactly("queue", "tier", "tier", "dlq");
        long perPartition = 0;
        for (JsonNode p : lag.get("topics").get(0).get("partitions")) {
            perPartition += p.get("records").asLong();
            assertThat(p.get("committedOffset").asLong()).isEqualTo(-1);
        }
        assertThat(perPartition).isEqualTo(20);
        assertThat(all.out()).contains(queue + ".dlq");
        assertThat(overCount.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(overCount.err().strip()).isEqualTo("error: lag over threshold: " + queue + " 20 records > 19");
        assertThat(atCount.exitCode()).as(atCount.err()).isZero();
        assertThat(overAge.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(overAge.err()).contains(queue + " oldest ").contains("> 0.2s").doesNotContain("records");

        Map<String, Object> props = Map.of(
                WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                WorkerConfig.QUEUES_CONFIG, queue,
                WorkerConfig.GROUP_CONFIG, group,
                WorkerConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                WorkerConfig.queueKey(queue, WorkerConfig.TIERS_SUFFIX), "1s,1h");
        try (Worker worker = Worker.builder(new WorkerConfig(props)).handler(queue, "echo", new Echo()).build().start()) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Cli.Run drained = taskline(broker, "lag", "--queue", queue, "--group", group, "--max-lag", "0",
                        "--max-age", "1s", "--json");
                assertThat(drained.exitCode()).as(drained.err()).isZero();
                JsonNode now = JSON.readTree(drained.out().strip());
                assertThat(now.get("records").asLong()).isZero();
                assertThat(now.get("members").asInt()).isPositive();
            });
        }
    }

    @Test
    void badThresholdsAndUnknownQueuesAreUsageErrors(EmbeddedKafkaBroker broker) {
        Cli.Run badAge = taskline(broker, "lag", "--max-age", "soon");
        Cli.Run badInterval = taskline(broker, "lag", "--watch", "--interval", "0s");
        Cli.Run negative = taskline(broker, "lag", "--max-lag", "-1");
        Cli.Run unknown = taskline(broker, "lag", "--queue", "no-such-queue-" + UUID.randomUUID());

        assertThat(badAge.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badAge.err()).startsWith("error: --max-age").hasLineCount(1);
        assertThat(badInterval.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badInterval.err()).contains("--interval must be more than 0");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("does not exist").hasLineCount(1);
    }

    /** Succeeds at once. */
    static final class Echo implements TaskHandler<Message> {
        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext context) {
        }
    }
}
