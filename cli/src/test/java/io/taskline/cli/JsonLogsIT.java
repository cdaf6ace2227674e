package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.examples.Flaky;
import io.taskline.schemas.examples.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.generic.GenericContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TASKLINE_LOGGING_FORMAT=json taskline worker}: every log line is a JSON object, each
 * lifecycle line names the task, and no line carries a payload value, not even one a handler put
 * in its exception message.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LIFECYCLE = Set.of("task started", "task succeeded", "task failed; retrying",
            "task failed; dead letter");

    @Test
    void logsJsonLinesWithTaskFieldsAndNeverThePayload(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        String queue = "jsonlogs-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "secret-" + UUID.randomUUID();
        Path config = DashboardMetricsIT.workerConfig(dir, broker.bootstrapServers(), queue, DashboardMetricsIT.freePort());
        Map<String, String> ids = new HashMap<>();

        WorkerProcess worker = WorkerProcess.start(config, Map.of("TASKLINE_LOGGING_FORMAT", "json"));
        try (worker) {
            await().atMost(Duration.ofSeconds(120)).until(() -> !worker.isAlive()
                    || worker.out().stream().anyMatch(l -> l.startsWith("worker started")));
            try (TaskPublisher publisher = TaskPublisher.create(
                    new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers())))) {
                ids.put("echo", publish(publisher, queue, "echo", Message.newBuilder().setMessage(secret).build()));
                ids.put("always-fail", publish(publisher, queue, "always-fail", Message.newBuilder().setMessage(secret).build()));
                ids.put("flaky", publish(publisher, queue, "flaky", Flaky.newBuilder().setFailTimes(1).build()));
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(worker.isAlive()).as("worker process; stderr: %s", worker.err()).isTrue();
                assertThat(events(worker.err())).contains(ids.get("echo") + " task succeeded",
                        ids.get("flaky") + " task failed; retrying", ids.get("flaky") + " task succeeded",
                        ids.get("always-fail") + " task failed; retrying", ids.get("always-fail") + " task failed; dead letter");
            });
        }
        // Closed by SIGTERM: the lines now include the worker's shutdown.
        List<String> lines = worker.err();
        assertThat(worker.exitCode()).as("a stop asked for by SIGTERM is a success").isZero();
        assertThat(worker.out()).contains("worker stopped");
        assertThat(events(lines)).as("the worker's own log of its stop").anyMatch(l -> l.endsWith(" stopped"));

        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonNode json = parse(line);
            assertThat(json != null && json.isObject()).as("a JSON object: %s", line).isTrue();
        });
        List<JsonNode> lifecycle = lines.stream().map(JsonLogsIT::parse)
                .filter(j -> LIFECYCLE.contains(j.path("formattedMessage").asText())).toList();
        assertThat(lifecycle).hasSizeGreaterThanOrEqualTo(8).allSatisfy(j -> {
            assertThat(kv(j, "taskId")).isIn(ids.values());
            assertThat(kv(j, "queue")).isEqualTo(queue);
            assertThat(kv(j, "type")).isIn(ids.keySet());
            assertThat(kv(j, "attempt")).matches("[12]");
            assertThat(j.path("level").asText()).isIn("INFO", "WARN");
        });
        assertThat(events(lines)).contains(ids.get("echo") + " task started", ids.get("flaky") + " task started");
        assertThat(lines).noneMatch(l -> l.contains(secret));
        assertThat(worker.out()).noneMatch(l -> l.contains(secret));
    }

    private static String publish(TaskPublisher publisher, String queue, String type, GenericContainer payload) {
        return publisher.publish(TaskRequest.to(queue).type(type).payload(payload).build()).join().id();
    }

    /** "taskId message" of every line that names a task. */
    private static List<String> events(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = parse(line);
            if (json != null) {
                out.add(kv(json, "taskId") + " " + json.path("formattedMessage").asText());
            }
        }
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            return null;
        }
    }

    /** A key-value of a JsonEncoder line: {@code "kvpList": [{"taskId":"..."}, ...]}. */
    private static String kv(JsonNode line, String key) {
        for (JsonNode pair : line.path("kvpList")) {
            if (pair.has(key)) {
                return pair.get(key).asText();
            }
        }
        return null;
    }
}
