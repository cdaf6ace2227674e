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
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskline task status} shows every state a task passes through, while the worker runs. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TaskStatusIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private static Cli.Run taskline(EmbeddedKafkaBroker broker, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(broker.bootstrapServers());
        return Cli.run(all.toArray(String[]::new));
    }

    private static JsonNode status(EmbeddedKafkaBroker broker, String id) throws Exception {
        Cli.Run run = taskline(broker, "task", "status", id, "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out().strip());
    }

    @Test
    void showsEnqueuedRunningRetryingSucceededAndDead(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        String queue = "status-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Object> props = Map.of(
                WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                WorkerConfig.QUEUES_CONFIG, queue,
                WorkerConfig.GROUP_CONFIG, queue + "-workers",
                WorkerConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                WorkerConfig.queueKey(queue, WorkerConfig.TIERS_SUFFIX), "1h",
                WorkerConfig.queueKey(queue, WorkerConfig.MAX_ATTEMPTS_SUFFIX), "2");
        try (Worker worker = Worker.builder(new WorkerConfig(props))
                .handler(queue, "ok", new Handler(() -> { }))
                .handler(queue, "flaky", new Handler(() -> {
                    throw new IllegalStateException("smtp down");
                }))
                .handler(queue, "fatal", new Handler(() -> {
                    throw new NonRetryableException("no such user");
                }))
                .handler(queue, "slow", new Handler(release::await))
                .build().start();
             TaskPublisher publisher = TaskPublisher.create(
                     new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
            worker.awaitRunning(Duration.ofSeconds(90));
            String later = publish(publisher, TaskRequest.to(queue).type("ok").delay(Duration.ofHours(1)));
            String flaky = publish(publisher, TaskRequest.to(queue).type("flaky").key("user-1"));
            String fatal = publish(publisher, TaskRequest.to(queue).type("fatal"));
            Instant published = Instant.now();

            await().atMost(EVENTUALLY).untilAsserted(() -> {
                JsonNode s = status(broker, later);
                assertThat(s.get("state").asText()).isEqualTo("enqueued");
                assertThat(Instant.parse(s.get("dueAt").asText())).isAfter(published.plus(Duration.ofMinutes(59)));
                assertThat(s.get("attempts").asInt()).isZero();
            });
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                JsonNode s = status(broker, flaky);
                assertThat(s.get("state").asText()).isEqualTo("retrying");
                assertThat(s.get("tier").asText()).isEqualTo("1h");
                assertThat(s.get("key").asText()).isEqualTo("user-1");
                assertThat(Instant.parse(s.get("dueAt").asText())).isAfter(published.plus(Duration.ofMinutes(59)));
                assertThat(s.get("transitions")).extracting(t -> t.get("event").asText())
                        .containsExactly("enqueued", "started", "retrying");
                assertThat(s.get("transitions").get(2).get("error").get("message").asText()).isEqualTo("smtp down");
            });
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                JsonNode s = status(broker, fatal);
                assertThat(s.get("state").asText()).isEqualTo("dead");
                assertThat(s.get("attempts").asInt()).isEqualTo(1);
            });
            Cli.Run replayed = taskline(broker, "dlq", "replay", queue, "--id", fatal);
            assertThat(replayed.exitCode()).as(replayed.err()).isZero();
            await("the replay in the task's story").atMost(EVENTUALLY).untilAsserted(() -> {
                JsonNode s = status(broker, fatal);
                assertThat(s.get("transitions")).extracting(t -> t.get("event").asText())
                        .containsExactly("enqueued", "started", "dead", "enqueued", "started", "dead");
                assertThat(s.get("attempts").asInt()).as("counted afresh after the replay").isEqualTo(1);
            });

            String slow = publish(publisher, TaskRequest.to(queue).type("slow"));
            await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(status(broker, slow).get("state").asText())
                    .isEqualTo("running"));
            release.countDown();
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                JsonNode s = status(broker, slow);
                assertThat(s.get("state").asText()).isEqualTo("succeeded");
                assertThat(s.get("transitions")).extracting(t -> t.get("event").asText())
                        .containsExactly("enqueued", "started", "succeeded");
            });
            Cli.Run text = taskline(broker, "task", "status", flaky);
            assertThat(text.out()).contains("state     retrying in tier 1h, due ").contains("attempts  1")
                    .contains("retrying  attempt=1 key=user-1 tier=1h");
        }
        Cli.Run unknown = taskline(broker, "task", "status", "no-such-task");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).startsWith("error: no events for task no-such-task").hasLineCount(1);
    }

    private static String publish(TaskPublisher publisher, TaskRequest.Builder request) {
        return publisher.publish(request.payload(Message.newBuilder().setMessage("m").build()).build()).join().id();
    }

    /** Runs {@code body} for every task. */
    static final class Handler implements TaskHandler<Message> {
        interface Body {
            void run() throws Exception;
        }

        private final Body body;

        Handler(Body body) {
            this.body = body;
        }

        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext context) throws Exception {
            body.run();
        }
    }
}
