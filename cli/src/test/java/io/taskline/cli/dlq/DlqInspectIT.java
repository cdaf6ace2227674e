package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.cli.Cli;
import io.taskline.cli.ExitCodes;
import io.taskline.dlq.ReplayLedger;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.TaskHandler;
import io.taskline.processors.Worker;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.Report;
import io.taskline.schemas.examples.WelcomeEmail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code taskline dlq} on a mixed DLQ that a real worker made (handlers failing in different
 * ways, a record that is not a task) and a DLQ of 101 dead letters; the worker is stopped before
 * the tests, so any change to a topic is the CLI's. Filters select exactly the intended dead
 * letters; show tells the story with redaction; dry runs, rejected edits and unconfirmed large
 * replays write nothing.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqInspectIT {

    /** A failure class of the test's own, to filter by a nested class's simple name. */
    static final class PdfRenderException extends RuntimeException {
        PdfRenderException(String message) {
            super(message);
        }
    }

    private static final int BULK = 101;

    private final DlqLab lab;
    private final String mixed = DlqLab.queue("mixed");
    private final String bulk = DlqLab.queue("bulk");
    private String between;

    DlqInspectIT(EmbeddedKafkaBroker broker) {
        this.lab = new DlqLab(broker);
    }

    @BeforeAll
    void deadLettersMadeByARealWorker() throws Exception {
        TaskHandler<WelcomeEmail> email = FixableHandler.of(WelcomeEmail.class, p -> p.getTo().startsWith("unknown")
                ? new NonRetryableException("mailbox unknown: " + p.getTo()) : new IllegalStateException("SMTP server down"));
        TaskHandler<Report> report = FixableHandler.of(Report.class,
                p -> new PdfRenderException("font missing for " + p.getAccount()));
        TaskHandler<Message> echo = FixableHandler.of(Message.class,
                p -> p.getMessage().startsWith("ok") ? null : new IllegalArgumentException("bad input " + p.getMessage()));
        TaskHandler<Message> broken = FixableHandler.of(Message.class, p -> new IllegalStateException("broken"));
        Worker worker = lab.startWorker(2, Map.of(
                mixed, Map.of("send-email", email, "render-report", report, "echo", echo),
                bulk, Map.of("echo", broken)));

        lab.publish(mixed, "send-email", "smtp-1", "u-1", email("ann@example.com"));
        lab.publish(mixed, "send-email", "mailbox", "u-2", email("unknown@example.com"));
        lab.publish(mixed, "render-report", "pdf-1", "acct-1", report("acct-1"));
        lab.publish(mixed, "echo", "echo", null, Message.newBuilder().setMessage("broken").build());
        lab.publish(mixed, "echo", "ok", "u-1", Message.newBuilder().setMessage("ok").build());
        for (int i = 0; i < BULK; i++) {
            lab.publish(bulk, "echo", "bulk-" + i, "k-" + (i % 7), Message.newBuilder().setMessage("m" + i).build());
        }
        lab.awaitDeadLetters(mixed, 4);
        between = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();

        lab.publish(mixed, "send-email", "smtp-2", "u-1", email("bob@example.com"));
        lab.publish(mixed, "render-report", "pdf-2", "u-1", report("acct-2"));
        lab.publishGarbage(mixed, "k-garbage", "{\"not\": \"avro\"}");
        lab.awaitDeadLetters(mixed, 7);
        lab.awaitDeadLetters(bulk, BULK);
        lab.closeNow(worker);
    }

    @AfterAll
    void closeAll() throws Exception {
        lab.close();
    }

    private static WelcomeEmail email(String to) {
        return WelcomeEmail.newBuilder().setTo(to).setName("Ann").build();
    }

    private static Report report(String account) {
        return Report.newBuilder().setAccount(account).setMonth("2026-01").build();
    }

    Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("", List.of("smtp-1", "mailbox", "pdf-1", "echo", "smtp-2", "pdf-2", "garbage")),
                Arguments.of("--type send-email", List.of("smtp-1", "mailbox", "smtp-2")),
                Arguments.of("--type <undecodable>", List.of("garbage")),
                Arguments.of("--key u-1", List.of("smtp-1", "smtp-2", "pdf-2")),
                Arguments.of("--key k-garbage", List.of("garbage")),
                Arguments.of("--error smtp", List.of("smtp-1", "smtp-2")),
                Arguments.of("--error MAILBOX", List.of("mailbox")),
                Arguments.of("--error-class IllegalStateException", List.of("smtp-1", "smtp-2")),
                Arguments.of("--error-class " + NonRetryableException.class.getName(), List.of("mailbox")),
                Arguments.of("--error-class PdfRenderException", List.of("pdf-1", "pdf-2")),
                Arguments.of("--since BETWEEN", List.of("smtp-2", "pdf-2", "garbage")),
                Arguments.of("--until BETWEEN", List.of("smtp-1", "mailbox", "pdf-1", "echo")),
                Arguments.of("--since 1h", List.of("smtp-1", "mailbox", "pdf-1", "echo", "smtp-2", "pdf-2", "garbage")),
                Arguments.of("--since 2020-01-01 --until 2020-01-02", List.of()),
                Arguments.of("--id pdf-1", List.of("pdf-1")),
                Arguments.of("--id ok", List.of()),
                Arguments.of("--type send-email --key u-1 --since BETWEEN", List.of("smtp-2")),
                Arguments.of("--key u-1 --error-class PdfRenderException", List.of("pdf-2")),
                Arguments.of("--error down --until BETWEEN", List.of("smtp-1")));
    }

    @ParameterizedTest(name = "dlq list {0}")
    @MethodSource("filters")
    void eachFilterSelectsExactlyTheIntendedDeadLetters(String filter, List<String> expected) {
        List<String> args = new ArrayList<>(List.of("dlq", "list", mixed, "--json"));
        Arrays.stream(filter.split(" ")).filter(a -> !a.isEmpty()).map(a -> a.replace("BETWEEN", between)).forEach(args::add);

        List<JsonNode> letters = DlqLab.jsonLines(lab.taskline(args.toArray(String[]::new)));

        assertThat(letters).extracting(l -> l.get("undecodable").asBoolean() ? "garbage" : l.get("taskId").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void jsonLinesCarryEveryListedFieldOldestDeathFirst() {
        List<JsonNode> letters = DlqLab.jsonLines(lab.taskline("dlq", "list", mixed, "--json"));

        assertThat(letters).hasSize(7).allSatisfy(l -> assertThat(l.fieldNames()).toIterable().contains("taskId", "type",
                "key", "attempts", "deadAt", "errorClass", "errorMessage", "partition", "offset", "replayed"));
        assertThat(letters).extracting(l -> Instant.parse(l.get("deadAt").asText())).isSorted();
        JsonNode smtp = letters.stream().filter(l -> "smtp-1".equals(l.get("taskId").asText())).findFirst().orElseThrow();
        assertThat(smtp.get("type").asText()).isEqualTo("send-email");
        assertThat(smtp.get("key").asText()).isEqualTo("u-1");
        assertThat(smtp.get("attempts").asInt()).isEqualTo(2);
        assertThat(smtp.get("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(smtp.get("errorMessage").asText()).isEqualTo("SMTP server down");
        assertThat(smtp.get("replayed").asBoolean()).isFalse();
        JsonNode garbage = letters.stream().filter(l -> l.get("undecodable").asBoolean()).findFirst().orElseThrow();
        assertThat(garbage.get("type").asText()).isEqualTo("<undecodable>");
        assertThat(garbage.get("rawSize").asInt()).isEqualTo("{\"not\": \"avro\"}".length());
        assertThat(garbage.get("errorMessage").asText()).contains("not Avro single-object encoded");
    }

    @Test
    void theTableShowsOneRowPerDeadLetterAndALimitSaysHowManyMore() {
        Cli.Run all = lab.taskline("dlq", "list", mixed);
        Cli.Run three = lab.taskline("dlq", "list", mixed, "--limit", "3");

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.outLines()).hasSize(9);
        assertThat(all.outLines().get(0)).startsWith("DLQ").contains("TASK ID", "ATTEMPTS", "DEAD AT", "REPLAYED", "LAST ERROR");
        assertThat(all.out()).containsPattern("smtp-1 +send-email +u-1 +2 +\\S+Z +no +IllegalStateException: SMTP server down")
                .containsPattern("<undecodable> +k-garbage .*undecodable: not Avro single-object encoded.* \\(15 bytes\\)");
        assertThat(all.outLines().get(8)).startsWith("7 dead letters (7 records of " + mixed + ".dlq read in");
        assertThat(three.outLines()).hasSize(5);
        assertThat(three.outLines().get(4)).startsWith("showing the 3 oldest of 7 matching dead letters");
    }

    @Test
    void showTellsTheWholeStoryWithRedactedFields(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("taskline.properties"), "redact.fields=to\n");

        Cli.Run text = lab.taskline("dlq", "show", mixed, "smtp-1", "--config", config.toString());
        Cli.Run json = lab.taskline("dlq", "show", mixed, "smtp-1", "--json", "--config", config.toString());

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).doesNotContain("ann@example.com")
                .contains("dead letter of task smtp-1 on " + mixed + ".dlq", "payload  io.taskline.schemas.examples.WelcomeEmail",
                        "\"to\" : \"***\"", "\"name\" : \"Ann\"", "failures (2)", "reason        failed 2 of 2 attempts")
                .containsPattern("origin +" + mixed + " \\d:\\d+");
        JsonNode story = DlqLab.jsonLines(json).get(0);
        assertThat(story.get("payload").get("to").asText()).isEqualTo("***");
        assertThat(story.get("envelope").get("id").asText()).isEqualTo("smtp-1");
        assertThat(story.get("origin").get("topic").asText()).isEqualTo(mixed);
        assertThat(story.get("headers").get("taskline.task-id").asText()).isEqualTo("smtp-1");
        assertThat(story.get("failures")).hasSize(2).allSatisfy(f -> {
            assertThat(f.get("errorClass").asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(f.get("worker").asText()).isNotBlank();
            assertThat(f.get("stack").asText()).contains("SMTP server down").hasSizeLessThan(5000);
        });
    }

    @Test
    void showFindsAnUndecodableRecordByItsPositionAndSaysWhenThereIsNone() {
        JsonNode garbage = DlqLab.jsonLines(lab.taskline("dlq", "list", mixed, "--type", "<undecodable>", "--json")).get(0);
        String position = garbage.get("partition").asText() + ":" + garbage.get("offset").asText();

        Cli.Run shown = lab.taskline("dlq", "show", mixed, position);
        Cli.Run missing = lab.taskline("dlq", "show", mixed, "no-such-task");

        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("undecodable record on " + mixed + ".dlq " + position, "raw text      {\"not\": \"avro\"}");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.errLines()).containsExactly("error: no dead letter no-such-task on " + mixed + ".dlq");
    }

    @Test
    void aDryRunAndARejectedSetLeaveEveryTopicsEndOffsetUnchanged() throws Exception {
        Map<String, Long> before = lab.endOffsets();

        Cli.Run dryRun = lab.taskline("dlq", "replay", mixed, "--dry-run");
        Cli.Run fixPreview = lab.taskline("dlq", "replay", mixed, "--type", "send-email", "--set", "to=fixed@example.com",
                "--dry-run", "--json");
        Cli.Run unknownField = lab.taskline("dlq", "replay", mixed, "--type", "send-email", "--set", "nmae=Bo");
        Cli.Run wrongType = lab.taskline("dlq", "replay", mixed, "--type", "render-report", "--set", "lines=many");
        Cli.Run notForEveryLetter = lab.taskline("dlq", "replay", mixed, "--set", "lines=5", "--yes");
        Cli.Run noSuchTarget = lab.taskline("dlq", "replay", mixed, "--to", "nowhere-" + mixed);

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.outLines().get(0)).isEqualTo("dry run: would replay 6 dead letters of " + mixed + " to " + mixed
                + ", attempts reset to 1");
        assertThat(dryRun.out()).contains("skipped: 1 undecodable", "nothing written");
        JsonNode plan = DlqLab.jsonLines(fixPreview).get(0);
        assertThat(plan.get("wouldReplay").asInt()).isEqualTo(3);
        assertThat(plan.get("tasks")).allSatisfy(t -> assertThat(t.get("payload").get("to").asText()).isEqualTo("fixed@example.com"));
        assertRejected(unknownField, "unknown field 'nmae'", "WelcomeEmail");
        assertRejected(wrongType, "field 'lines'", "expected int");
        assertRejected(notForEveryLetter, "unknown field 'lines'");
        assertRejected(noSuchTarget, "unknown queue 'nowhere-" + mixed + "'");
        assertThat(lab.endOffsets()).isEqualTo(before);
        assertThat(before.keySet()).noneMatch(tp -> tp.startsWith(ReplayLedger.topicOf(mixed)));
    }

    private static void assertRejected(Cli.Run run, String... fragments) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().contains(fragments);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void moreThanAHundredWithoutYesAndNoTerminalAreRefusedAndWithYesReplayedOnce() {
        Map<String, Long> before = lab.endOffsets();
        Map<String, Integer> recordsBefore = lab.recordsPerTaskId(bulk);

        Cli.Run refused = lab.taskline("dlq", "replay", bulk);

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.errLines()).singleElement().asString()
                .startsWith("error: refusing to replay " + BULK + " dead letters without --yes");
        assertThat(refused.out()).isEmpty();
        assertThat(lab.endOffsets()).isEqualTo(before);

        Cli.Run confirmed = lab.taskline("dlq", "replay", bulk, "--yes");

        assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
        assertThat(confirmed.outLines()).singleElement().asString()
                .startsWith("replayed " + BULK + " dead letters of " + bulk + " to " + bulk + " in ");
        Set<Boolean> replayed = new TreeSet<>();
        DlqLab.jsonLines(lab.taskline("dlq", "list", bulk, "--json")).forEach(l -> replayed.add(l.get("replayed").asBoolean()));
        assertThat(replayed).containsExactly(true);
        Map<String, Integer> added = new TreeMap<>();
        lab.recordsPerTaskId(bulk).forEach((id, n) -> added.put(id, n - recordsBefore.getOrDefault(id, 0)));
        assertThat(added).as("records added to %s per task id", bulk).hasSize(BULK).containsOnlyKeys(recordsBefore.keySet())
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }
}
