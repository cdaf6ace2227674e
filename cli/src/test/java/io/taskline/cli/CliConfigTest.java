package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path file = dir.resolve("taskline.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void environmentVariablesOverrideFileKeys() throws Exception {
        Path file = file("queues=emails\nqueue.emails.tiers=5s,1m\nkafka.security.protocol=PLAINTEXT\n");

        CliConfig config = CliConfig.load(file, null, Map.of(
                "TASKLINE_QUEUE_EMAILS_TIERS", "1s",
                "TASKLINE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "HOME", "/root"));

        assertThat(config.properties())
                .containsEntry("queues", "emails")
                .containsEntry("queue.emails.tiers", "1s")
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .doesNotContainKey("home");
        assertThat(config.kafka().asMap()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void mapsVariableNamesToDottedLowerCaseKeys() {
        assertThat(CliConfig.keyOf("TASKLINE_FOO_BAR")).isEqualTo("foo.bar");
        assertThat(CliConfig.fromEnvironment(Map.of("TASKLINE_JAVA_OPTS", "-Xmx1g", "TASKLINE_WORKER_THREADS", "4")))
                .containsExactly(Map.entry("worker.threads", "4"));
    }

    @Test
    void bootstrapServersComeFromTheOptionThenTheEnvironmentThenTheFileThenTheDefault() throws Exception {
        Path file = file("bootstrap.servers=file:9092\n");
        Map<String, String> env = Map.of("TASKLINE_BOOTSTRAP_SERVERS", "env:9092");

        assertThat(CliConfig.load(file, "option:9092", env).bootstrapServers()).isEqualTo("option:9092");
        assertThat(CliConfig.load(file, null, env).bootstrapServers()).isEqualTo("env:9092");
        assertThat(CliConfig.load(file, null, Map.of()).bootstrapServers()).isEqualTo("file:9092");
        assertThat(CliConfig.load(null, null, Map.of()).bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(CliConfig.load(null, null, Map.of()).properties()).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void aMissingFileIsAnInputError() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> CliConfig.load(missing, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config file " + missing + " not found");
    }
}
