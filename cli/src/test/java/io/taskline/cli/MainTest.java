package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and the one-line error messages of bad usage; none of these reach Kafka. */
class MainTest {

    // Nothing listens here; the commands below must fail before connecting.
    private static final String NOWHERE = "127.0.0.1:1";

    @Test
    void noSubcommandIsBadUsageWithOneLine() {
        Cli.Run run = Cli.run();

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().startsWith("error: Missing required subcommand");
    }

    @Test
    void unknownCommandIsBadUsage() {
        Cli.Run run = Cli.run("nope");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("'nope'");
    }

    @Test
    void unknownOptionIsBadUsageNamingTheCommandsHelp() {
        Cli.Run run = Cli.run("topics", "create", "--queue", "q", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString()
                .contains("--frobnicate").contains("taskline topics create --help");
    }

    @Test
    void publishNamesTheOneOptionMissing() {
        Cli.Run run = Cli.run("publish", "--queue", "q", "--type", "echo");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: missing --payload-json (a task needs --type and"
                + " --payload-json; or give --file or --chain) (see 'taskline publish --help')");
    }

    @Test
    void missingRequiredOptionIsBadUsage() {
        Cli.Run run = Cli.run("publish", "--type", "echo", "--payload-json", "{}");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("--queue");
    }

    @Test
    void invalidQueueNameIsBadInputWithoutStackTrace() {
        Cli.Run run = Cli.run("topics", "create", "--queue", "bad name", "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: 'bad name' is not a valid queue name (letters, digits, . _ -)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownBenchScenarioIsBadUsageBeforeAnyBrokerStarts() {
        Cli.Run run = Cli.run("bench", "--only", "noop-alo,nope");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("unknown scenario 'nope'").contains("noop-eos");
    }

    @Test
    void benchWithoutStreamThreadsIsBadUsageBeforeAnyBrokerStarts() {
        Cli.Run run = Cli.run("bench", "--threads", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: --threads must be between 1 and 64, not 0");
    }

    @Test
    void demoWithoutTimeIsBadUsageBeforeAnyBrokerStarts() {
        Cli.Run run = Cli.run("demo", "--timeout", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: --timeout must be at least 1 second, was 0");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Cli.Run run = Cli.run("topics", "create", "--queue", "q", "--tiers", "5x", "--verbose");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines().get(0)).isEqualTo("error: '5x' is not a duration (use e.g. 500ms, 5s, 1m, 2h, 7d)");
        assertThat(run.errLines()).hasSizeGreaterThan(1).anyMatch(line -> line.contains("at io.taskline"));
    }

    @Test
    void publishRefusesAFileTogetherWithASingleTask() {
        Cli.Run run = Cli.run("publish", "--queue", "q", "--file", "tasks.jsonl", "--type", "echo");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("--file cannot be combined with --type");
    }

    @Test
    void publishRefusesMalformedPayloadJsonBeforeConnecting() {
        Cli.Run run = Cli.run("publish", "--queue", "q", "--type", "echo", "--payload-json", "{\"message\": ",
                "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().startsWith("error: malformed JSON: ");
    }

    @Test
    void publishRefusesAFileWithABadLineBeforeConnecting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tasks.jsonl");
        Files.writeString(file, "{\"type\": \"echo\", \"payload\": {\"message\": \"a\"}}\n\n{\"type\": \"echo\"}\n");

        Cli.Run run = Cli.run("publish", "--queue", "q", "--file", file.toString(), "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: line 3: 'payload' must be a JSON object");
    }

    @Test
    void publishNamesAMissingFile(@TempDir Path dir) {
        Cli.Run run = Cli.run("publish", "--queue", "q", "--file", dir.resolve("none.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().endsWith("none.jsonl not found");
    }

    @Test
    void missingConfigFileIsBadInput(@TempDir Path dir) {
        Cli.Run run = Cli.run("worker", "--config", dir.resolve("worker.properties").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("worker.properties not found");
    }

    @Test
    void workerConfigWithoutQueuesIsBadInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("worker.properties");
        Files.writeString(file, "worker.group=g\n");

        Cli.Run run = Cli.run("worker", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains("queues");
    }

    @Test
    void helpIsSuccess() {
        Cli.Run run = Cli.run("publish", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("--payload-json");
    }
}
