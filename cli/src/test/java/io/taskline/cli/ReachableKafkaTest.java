package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A command that needs Kafka, run where nothing listens, fails within {@code cli.kafka.timeout}
 * with exit code 1 and one line naming the address, instead of after the clients' 60 s.
 */
class ReachableKafkaTest {

    @TempDir
    Path dir;

    static Stream<List<String>> commands() {
        return Stream.of(
                List.of("publish", "--queue", "q", "--type", "echo", "--payload-json", "{\"message\": \"x\"}"),
                List.of("topics", "create", "--queue", "q"),
                List.of("events", "--queue", "q"),
                List.of("task", "status", "some-id"),
                List.of("batch", "status", "some-id"),
                List.of("dlq", "list", "q"),
                List.of("dlq", "show", "q", "some-id"),
                List.of("dlq", "replay", "q", "--dry-run"),
                List.of("lag"),
                List.of("schedule", "list"),
                List.of("schedule", "pause", "some-id"),
                List.of("bench", "--external", "--quick"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aCommandWhereNoKafkaAnswersFailsFastWithOneLine(List<String> command) throws IOException {
        int port = closedPort();
        Path config = Files.writeString(dir.resolve("cli.properties"), "cli.kafka.timeout=1s\n");

        long start = System.nanoTime();
        Cli.Run run = Cli.run(args(command, "--bootstrap-servers", "127.0.0.1:" + port, "--config", config.toString()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.errLines()).containsExactly("error: no answer from Kafka at 127.0.0.1:" + port + " within 1s (is it"
                + " running? --bootstrap-servers, TASKLINE_BOOTSTRAP_SERVERS or the config file's bootstrap.servers say"
                + " where it is; cli.kafka.timeout how long to wait)");
        assertThat(run.out()).isEmpty();
        assertThat(took).as("time to fail").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aWorkerWhereNoKafkaAnswersStopsWithOneLineAfterItsConfigIsChecked() throws IOException {
        int port = closedPort();
        Path good = Files.writeString(dir.resolve("worker.properties"), "queues=q\ncli.kafka.timeout=1s\n");
        Path bad = Files.writeString(dir.resolve("bad.properties"), "queues=q\nqueue.q.concurrency=lots\n");

        Cli.Run unreachable = Cli.run("worker", "--bootstrap-servers", "127.0.0.1:" + port, "--config", good.toString());
        Cli.Run badConfig = Cli.run("worker", "--bootstrap-servers", "127.0.0.1:" + port, "--config", bad.toString());

        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unreachable.errLines()).singleElement().asString()
                .startsWith("error: no answer from Kafka at 127.0.0.1:" + port + " within 1s");
        assertThat(badConfig.exitCode()).as("a bad config is reported before Kafka is asked").isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badConfig.errLines()).singleElement().asString().contains("concurrency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1s", "5 minutes"})
    void aTimeoutThatIsNotADurationIsBadUsage(String timeout) throws IOException {
        Path config = Files.writeString(dir.resolve("cli.properties"), "cli.kafka.timeout=" + timeout + "\n");

        Cli.Run run = Cli.run("lag", "--bootstrap-servers", "127.0.0.1:" + closedPort(), "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().startsWith("error: cli.kafka.timeout: '" + timeout + "'");
    }

    private static String[] args(List<String> command, String... more) {
        return Stream.concat(command.stream(), Stream.of(more)).toArray(String[]::new);
    }

    /** A port nothing listens on: bound, read, released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
