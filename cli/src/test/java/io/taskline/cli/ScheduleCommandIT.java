package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskline schedule} against a real broker and a running worker, as an operator uses it. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ScheduleCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void addListTriggerPauseResumeAndRemoveAScheduleThatAWorkerFires(EmbeddedKafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String queue = "sched-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "morning-" + queue;
        CliIT.MessageHandler handler = new CliIT.MessageHandler();
        try (Worker worker = CliIT.startWorker(broker, queue, dir, handler)) {
            Cli.Run added = taskline(broker, "schedule", "add", "--id", id, "--cron", "0 6 * * *", "--zone", "Europe/Berlin",
                    "--queue", queue, "--type", "echo", "--payload-json", "{\"message\": \"good morning\"}", "--json");
            assertThat(added.exitCode()).as(added.err()).isZero();
            JsonNode schedule = JSON.readTree(added.out());
            Instant next = Instant.parse(schedule.get("nextFireAt").asText());
            assertThat(ZonedDateTime.ofInstant(next, ZoneId.of("Europe/Berlin")).toLocalTime()).hasToString("06:00");
            assertThat(schedule.get("misfire").asText()).isEqualTo("fire-once");

            assertThat(listed(broker, id).get("cron").asText()).isEqualTo("0 6 * * *");
            Cli.Run replaced = taskline(broker, "schedule", "add", "--id", id, "--cron", "0 6 * * *", "--zone",
                    "Europe/Berlin", "--queue", queue, "--type", "echo", "--payload-json", "{\"message\": \"good morning\"}");
            assertThat(replaced.exitCode()).as(replaced.err()).isZero();
            assertThat(replaced.out()).startsWith("replaced " + id + ": ");

            Cli.Run triggered = taskline(broker, "schedule", "trigger", id);
            assertThat(triggered.exitCode()).as(triggered.err()).isZero();
            assertThat(triggered.out()).startsWith("triggered " + id + ", next fire ");
            worker.awaitRunning(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> handler.received.contains("good morning"));

            assertThat(taskline(broker, "schedule", "pause", id).out()).isEqualTo("paused " + id + "\n");
            assertThat(listed(broker, id).get("paused").asBoolean()).isTrue();
            assertThat(taskline(broker, "schedule", "list").out()).contains(id).containsPattern(id + " .* paused +-");
            assertThat(taskline(broker, "schedule", "resume", id).out()).startsWith("resumed " + id + ", next fire ");

            assertThat(taskline(broker, "schedule", "remove", id).out()).isEqualTo("removed " + id + "\n");
            assertThat(taskline(broker, "schedule", "list", "--json").out()).doesNotContain(id);
            Cli.Run unknown = taskline(broker, "schedule", "pause", id);
            assertThat(unknown.exitCode()).as("not found, like an unknown task id").isEqualTo(ExitCodes.FAILED);
            assertThat(unknown.errLines()).containsExactly(
                    "error: unknown schedule '" + id + "' (see `taskline schedule list`)");
            assertThat(handler.received).containsExactly("good morning");
        }
    }

    @Test
    void aScheduleForAnUnknownQueueIsRefused(EmbeddedKafkaBroker broker) {
        Cli.Run run = taskline(broker, "schedule", "add", "--id", "x", "--every", "10s", "--queue", "nowhere-q",
                "--type", "echo", "--payload-json", "{}");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("unknown queue 'nowhere-q'");
    }

    private static JsonNode listed(EmbeddedKafkaBroker broker, String id) throws Exception {
        Cli.Run list = taskline(broker, "schedule", "list", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        for (String line : list.outLines()) {
            JsonNode node = JSON.readTree(line);
            if (node.get("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError(id + " not listed in " + list.out());
    }

    private static Cli.Run taskline(EmbeddedKafkaBroker broker, String... args) {
        return CliIT.taskline(broker, args);
    }
}
