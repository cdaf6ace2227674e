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
import io.taskline.schemas.examples.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The commands against a real broker, run in-process as {@code taskline} would run them. */
@ExtendWith(EmbeddedKafkaExtension.class)
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    private static String aQueue(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Cli.Run taskline(EmbeddedKafkaBroker broker, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(broker.bootstrapServers());
        return Cli.run(all.toArray(String[]::new));
    }

    /** Starts a worker of {@code queue} (tier 1s) running {@code handler} for type echo. */
    static Worker startWorker(EmbeddedKafkaBroker broker, String queue, Path dir, MessageHandler handler) {
        return Worker.builder(new WorkerConfig(TestWorkers.props(broker, queue, dir))).handler(queue, "echo", handler)
                .build().start();
    }

    /** Remembers the messages it ran. */
    static final class MessageHandler implements TaskHandler<Message> {
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext context) {
            received.add(payload.getMessage());
        }
    }

    @Test
    void createsTopicsOnceAndChangesNothingTheSecondTime(EmbeddedKafkaBroker broker) {
        String queue = aQueue("topics");

        Cli.Run first = taskline(broker, "topics", "create", "--queue", queue, "--tiers", "1s,1m");
        Cli.Run second = taskline(broker, "topics", "create", "--queue", queue, "--tiers", "1s,1m", "--json");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("created  " + queue + "\n", "created  " + queue + ".retry.1s",
                "created  " + queue + ".dlq", "4 created, 0 already existed");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode result = single(second.out());
        assertThat(result.get("created")).isEmpty();
        assertThat(result.get("existing")).hasSize(4);
    }

    @Test
    void refusesAPartitionCountThatDisagreesWithTheExistingTopics(EmbeddedKafkaBroker broker) {
        String queue = aQueue("mismatch");
        assertThat(taskline(broker, "topics", "create", "--queue", queue, "--partitions", "2").exitCode()).isZero();

        Cli.Run run = taskline(broker, "topics", "create", "--queue", queue, "--partitions", "4");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains(queue + " has 2 partitions, expected 4");
    }

    @Test
    void publishingToAnUnknownQueueSuggestsCreatingIt(EmbeddedKafkaBroker broker) {
        String queue = aQueue("missing");

        Cli.Run run = taskline(broker, "publish", "--queue", queue, "--type", "echo", "--payload-json", "{\"message\": \"hi\"}");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString()
                .contains("unknown queue '" + queue + "'", "taskline topics create --queue " + queue);
    }

    @Test
    void publishesATaskThatAWorkerRunsAndShowsItsEvents(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        String queue = aQueue("echo");
        MessageHandler handler = new MessageHandler();
        try (Worker worker = startWorker(broker, queue, dir, handler)) {
            Cli.Run unknownType = taskline(broker, "publish", "--queue", queue, "--type", "nope", "--payload-json", "{}");
            assertThat(unknownType.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(unknownType.errLines()).singleElement().asString()
                    .contains("unknown type 'nope' on queue '" + queue + "' (known: echo)");

            Cli.Run badField = taskline(broker, "publish", "--queue", queue, "--type", "echo",
                    "--payload-json", "{\"message\": 5}");
            assertThat(badField.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(badField.errLines()).containsExactly("error: field 'message': expected string, got number 5");

            Cli.Run published = taskline(broker, "publish", "--queue", queue, "--type", "echo", "--key", "u-1",
                    "--payload-json", "{\"message\": \"hello\"}");
            assertThat(published.exitCode()).as(published.err()).isZero();
            String id = published.out().trim();
            assertThat(UUID.fromString(id)).isNotNull();

            Path file = dir.resolve("tasks.jsonl");
            Files.writeString(file, "{\"type\": \"echo\", \"payload\": {\"message\": \"one\"}}\n\n"
                    + "{\"type\": \"echo\", \"id\": \"" + queue + "-two\", \"payload\": {\"message\": \"two\"}}\n");
            Cli.Run fromFile = taskline(broker, "publish", "--queue", queue, "--file", file.toString());
            assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
            assertThat(fromFile.out()).isEqualTo("published 2 tasks\n");

            await().atMost(EVENTUALLY).untilAsserted(() -> {
                Cli.Run events = taskline(broker, "events", "--queue", queue, "--json");
                assertThat(events.exitCode()).as(events.err()).isZero();
                List<String> seen = new ArrayList<>();
                for (String line : events.outLines()) {
                    JsonNode event = JSON.readTree(line);
                    assertThat(event.get("queue").asText()).isEqualTo(queue);
                    if (event.get("taskId").asText().equals(id)) {
                        assertThat(event.get("type").asText()).isEqualTo("echo");
                        assertThat(event.get("key").asText()).isEqualTo("u-1");
                        seen.add(event.get("event").asText());
                    }
                }
                assertThat(seen).containsExactly("enqueued", "started", "succeeded");
            });
            assertThat(handler.received).contains("hello", "one", "two");
            Cli.Run typo = taskline(broker, "events", "--queue", queue + "x");
            assertThat(typo.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(typo.errLines()).containsExactly("error: unknown queue '" + queue + "x': no topic of that name"
                    + " (`taskline lag` lists the queues)");
        }
    }

    @Test
    void publishesDelayedTasksThatAreEnqueuedWithTheirRunTimeAndRunWhenDue(EmbeddedKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String queue = aQueue("later");
        MessageHandler handler = new MessageHandler();
        try (Worker worker = startWorker(broker, queue, dir, handler)) {
            // Running first, so the delayed task is parked rather than already due when the worker reads it.
            worker.awaitRunning(EVENTUALLY);
            Instant before = Instant.now();
            Cli.Run delayed = taskline(broker, "publish", "--queue", queue, "--type", "echo",
                    "--payload-json", "{\"message\": \"in two seconds\"}", "--delay", "2s", "--json");
            assertThat(delayed.exitCode()).as(delayed.err()).isZero();
            JsonNode published = single(delayed.out());
            Instant runAt = Instant.parse(published.get("runAt").asText());
            assertThat(runAt).isBetween(before.plusSeconds(2), Instant.now().plusSeconds(2));
            String at = Instant.now().plusSeconds(1).atOffset(java.time.ZoneOffset.ofHours(1)).toString();
            Cli.Run timed = taskline(broker, "publish", "--queue", queue, "--type", "echo",
                    "--payload-json", "{\"message\": \"at a time\"}", "--at", at);
            assertThat(timed.exitCode()).as(timed.err()).isZero();

            await().atMost(EVENTUALLY).until(() -> handler.received.size() >= 2);
            assertThat(handler.received).containsExactlyInAnyOrder("in two seconds", "at a time");
            await().atMost(EVENTUALLY).untilAsserted(() -> {
                List<JsonNode> events = new ArrayList<>();
                for (String line : taskline(broker, "events", "--queue", queue, "--json").outLines()) {
                    JsonNode event = JSON.readTree(line);
                    if (event.get("taskId").asText().equals(published.get("id").asText())) {
                        events.add(event);
                    }
                }
                assertThat(events).extracting(e -> e.get("event").asText())
                        .containsExactly("enqueued", "started", "succeeded");
                assertThat(Instant.parse(events.get(0).get("dueAt").asText())).isEqualTo(runAt);
                assertThat(Instant.parse(events.get(1).get("at").asText())).isAfterOrEqualTo(runAt);
            });
        }
    }

    @Test
    void publishesAChainWhoseStepsRunOneAfterAnother(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        String queue = aQueue("chain");
        MessageHandler handler = new MessageHandler();
        Path steps = dir.resolve("steps.jsonl");
        Files.writeString(steps, String.join("\n",
                "{\"type\": \"echo\", \"key\": \"v-1\", \"payload\": {\"message\": \"encode\"}}",
                "{\"type\": \"echo\", \"key\": \"v-1\", \"payload\": {\"message\": \"thumbnail\"}}",
                "{\"type\": \"echo\", \"key\": \"v-1\", \"payload\": {\"message\": \"publish\"}}", ""));
        try (Worker worker = startWorker(broker, queue, dir, handler)) {
            worker.awaitRunning(EVENTUALLY);
            Cli.Run run = taskline(broker, "publish", "--queue", queue, "--chain", steps.toString(), "--json");
            Cli.Run both = taskline(broker, "publish", "--queue", queue, "--chain", steps.toString(), "--file",
                    steps.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode published = single(run.out());
            assertThat(published.get("stepIds")).hasSize(3);
            assertThat(published.get("workflowId").asText()).isEqualTo(published.get("stepIds").get(0).asText());
            await().atMost(EVENTUALLY).until(() -> handler.received.size() >= 3);
            assertThat(handler.received).containsExactly("encode", "thumbnail", "publish");
            assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(both.err()).contains("--file and --chain cannot be combined");
        }
    }

    private static JsonNode single(String out) throws RuntimeException {
        try {
            assertThat(out.lines()).hasSize(1);
            return JSON.readTree(out);
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }
}
