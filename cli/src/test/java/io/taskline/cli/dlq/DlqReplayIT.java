package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.cli.Cli;
import io.taskline.dlq.ReplayLedger;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.WelcomeEmail;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code taskline dlq replay} with a real worker running: replayed dead letters run again and
 * succeed once the handler is fixed, a second identical replay publishes nothing, {@code --force}
 * publishes again, and {@code --set} fixes a payload so the task succeeds.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqReplayIT {

    private static final List<String> ECHOES = List.of("echo-1", "echo-2", "echo-3");

    private final DlqLab lab;
    private final String again = DlqLab.queue("again");
    private final String fix = DlqLab.queue("fix");
    private final FixableHandler<Message> echo = FixableHandler.of(Message.class, p -> new IllegalStateException("down"));
    private final FixableHandler<WelcomeEmail> stillBroken = FixableHandler.of(WelcomeEmail.class,
            p -> new IllegalStateException("SMTP server down"));
    private final FixableHandler<WelcomeEmail> mailer = FixableHandler.of(WelcomeEmail.class,
            p -> p.getTo().contains("@") ? null : new IllegalArgumentException("bad address " + p.getTo()));

    DlqReplayIT(EmbeddedKafkaBroker broker) {
        this.lab = new DlqLab(broker);
    }

    @BeforeAll
    void startAWorker() throws Exception {
        lab.startWorker(1, Map.of(again, Map.of("echo", echo, "send-email", stillBroken), fix, Map.of("send-email", mailer)));
    }

    @AfterAll
    void closeAll() throws Exception {
        lab.close();
    }

    private static WelcomeEmail email(String to) {
        return WelcomeEmail.newBuilder().setTo(to).setName("Ann").setLocale("nb").build();
    }

    private static JsonNode json(Cli.Run run) {
        List<JsonNode> lines = DlqLab.jsonLines(run);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    @Test
    void replayedDeadLettersRunAgainAndSucceedOnceAndASecondReplayPublishesNothingUntilForced() {
        for (int i = 0; i < ECHOES.size(); i++) {
            lab.publish(again, "echo", ECHOES.get(i), "k-" + i, Message.newBuilder().setMessage("m" + i).build());
        }
        lab.publish(again, "send-email", "not-selected", "k-0", email("ann@example.com"));
        lab.awaitDeadLetters(again, 4);
        echo.fix();

        Cli.Run first = lab.taskline("dlq", "replay", again, "--type", "echo");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.outLines()).singleElement().asString()
                .startsWith("replayed 3 dead letters of " + again + " to " + again + " in ");
        await().atMost(DlqLab.PATIENCE).until(() -> ECHOES.stream().allMatch(id -> echo.successesOf(id).size() == 1));
        assertThat(ECHOES).allSatisfy(id -> assertThat(echo.runsOf(id)).extracting(FixableHandler.Execution::attempt)
                .as("failed at attempt 1, replayed as attempt 1").containsExactly(1, 1));
        assertThat(stillBroken.runsOf("not-selected")).hasSize(1);
        assertThat(DlqLab.jsonLines(lab.taskline("dlq", "list", again, "--json"))).allSatisfy(l -> assertThat(l.get("replayed").asBoolean())
                .isEqualTo(!l.get("taskId").asText().equals("not-selected")));

        assertThat(lab.taskline("dlq", "show", again, "echo-1").out())
                .containsPattern("\\(replayed\\)\\n").containsPattern("replayed +\\S+Z to " + again + " \\d:\\d+ by ");

        long queueEnd = lab.endOffset(again);
        long ledgerEnd = lab.endOffset(ReplayLedger.topicOf(again));
        JsonNode second = json(lab.taskline("dlq", "replay", again, "--type", "echo", "--json"));
        assertThat(second.get("replayed").asInt()).isZero();
        assertThat(second.get("skippedAlreadyReplayed").asInt()).isEqualTo(3);
        assertThat(lab.endOffset(again)).as("nothing published").isEqualTo(queueEnd);
        assertThat(lab.endOffset(ReplayLedger.topicOf(again))).isEqualTo(ledgerEnd);

        JsonNode forced = json(lab.taskline("dlq", "replay", again, "--type", "echo", "--force", "--json"));
        assertThat(forced.get("replayed").asInt()).isEqualTo(3);
        assertThat(forced.get("tasks")).extracting(t -> t.get("taskId").asText()).containsExactlyInAnyOrderElementsOf(ECHOES);
        assertThat(lab.endOffset(again)).as("published again").isGreaterThanOrEqualTo(queueEnd + 3);
    }

    @Test
    void setFixesAPayloadSoTheReplayedTaskSucceeds() {
        lab.publish(fix, "send-email", "typo", "u-1", email("ann.example.com"));
        lab.awaitDeadLetters(fix, 1);

        Cli.Run replay = lab.taskline("dlq", "replay", fix, "--id", "typo", "--set", "to=ann@example.com");

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).startsWith("replayed 1 dead letter of " + fix);
        await().atMost(DlqLab.PATIENCE).until(() -> mailer.successesOf("typo").size() == 1);
        WelcomeEmail sent = mailer.successesOf("typo").get(0);
        assertThat(sent.getTo()).isEqualTo("ann@example.com");
        assertThat(sent.getName()).as("other fields as they were").isEqualTo("Ann");
        assertThat(sent.getLocale()).isEqualTo("nb");
        assertThat(mailer.runsOf("typo")).extracting(FixableHandler.Execution::succeeded).containsExactly(false, true);
    }
}
