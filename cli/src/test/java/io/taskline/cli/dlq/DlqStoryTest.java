package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.dlq.Redactor;
import io.taskline.dlq.ReplayLedger;
import io.taskline.schemas.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dlq show}: the whole story of a dead letter, redacted, as JSON and as text. */
class DlqStoryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void theStoryHasEnvelopePayloadHeadersOriginAndEveryFailure() {
        ObjectNode story = DeadLetterStory.of(Samples.deadEmail(registry, "ann@example.com"), registry, Redactor.none(),
                List.of("0:3"));

        assertThat(story.get("payloadSchema").asText()).isEqualTo("io.taskline.schemas.examples.WelcomeEmail");
        assertThat(story.get("payload").toString()).isEqualTo("{\"to\":\"ann@example.com\",\"name\":\"Ann\",\"locale\":\"nb\"}");
        JsonNode envelope = story.get("envelope");
        assertThat(envelope.get("batchId").asText()).isEqualTo("batch-7");
        assertThat(envelope.get("headers").get("tenant").asText()).isEqualTo("acme");
        assertThat(envelope.get("replays").get(0).get("by").asText()).isEqualTo("ops@box");
        assertThat(story.get("headers").get("taskline.task-id").asText()).isEqualTo("t-1");
        assertThat(story.get("origin").get("topic").asText()).isEqualTo("emails");
        assertThat(story.get("failures")).hasSize(2);
        assertThat(story.get("failures").get(1).get("stack").asText()).contains("Mailer.java:10");
        assertThat(story.get("otherDeaths").get(0).asText()).isEqualTo("0:3");
    }

    @Test
    void redactedFieldsPrintAsStarsInThePayloadAndTheHeaders() {
        ObjectNode story = DeadLetterStory.of(Samples.deadEmail(registry, "ann@example.com"), registry,
                Redactor.parse("to,ssn"), List.of());

        assertThat(story.get("payload").get("to").asText()).isEqualTo(Redactor.MASK);
        assertThat(story.get("payload").get("name").asText()).isEqualTo("Ann");
        assertThat(story.get("envelope").get("headers").get("ssn").asText()).isEqualTo(Redactor.MASK);
        assertThat(story.toString()).doesNotContain("ann@example.com", "123-45-6789");
        ObjectNode messageRedacted = DeadLetterStory.of(Samples.deadEmail(registry, "ann@example.com"), registry,
                Redactor.parse("message"), List.of());
        assertThat(messageRedacted.get("failures").get(0).get("message").asText())
                .as("Taskline's own fields are not payload fields").isEqualTo("SMTP server down\nretry later");
        assertThat(String.join("\n", StoryText.lines(story))).doesNotContain("ann@example.com", "123-45-6789")
                .contains("\"to\" : \"***\"", "ssn = ***");
    }

    @Test
    void theTextSummarisesAndCutsEachStack() {
        ObjectNode story = DeadLetterStory.of(Samples.deadEmail(registry, "ann@example.com"), registry, Redactor.none(),
                List.of());

        List<String> lines = StoryText.lines(story);

        assertThat(lines.get(0)).isEqualTo("dead letter of task t-1 on emails.dlq 1:42 (not replayed)");
        assertThat(lines).contains("  attempts      2 (max 2)", "  origin        emails 2:17", "  batch id      batch-7",
                "  last error    java.lang.IllegalStateException: SMTP server down retry later",
                "payload  io.taskline.schemas.examples.WelcomeEmail", "failures (2)",
                "    java.lang.IllegalStateException: SMTP server down retry later",
                "      ... 4 more lines (--json shows the whole stack)", "replays (1)");
        assertThat(lines).filteredOn(l -> l.contains("Mailer.java")).hasSize(StoryText.STACK_LINES);
        assertThat(lines).contains("      (same stack as attempt 1)");
    }

    @Test
    void aReplayedDeadLetterSaysWhenWhereToAndByWhom() {
        ReplayLedger.Entry entry = new ReplayLedger.Entry(Instant.parse("2026-01-31T11:00:00Z"), "emails", 2, 99L, "t-1",
                "ann@ops-1");
        ObjectNode story = DeadLetterStory.of(Samples.deadEmail(registry, "ann@example.com").withReplayed(true), registry,
                Redactor.none(), List.of(), entry);

        assertThat(story.get("replay").get("offset").asLong()).isEqualTo(99);
        assertThat(StoryText.lines(story)).startsWith("dead letter of task t-1 on emails.dlq 1:42 (replayed)")
                .contains("  replayed      2026-01-31T11:00:00Z to emails 2:99 by ann@ops-1");
    }

    @Test
    void anUndecodableRecordShowsItsReasonSizeAndText() {
        List<String> lines = StoryText.lines(DeadLetterStory.of(Samples.garbage(), registry, Redactor.none(), List.of()));

        assertThat(lines.get(0)).isEqualTo("undecodable record on emails.dlq 0:7 (not replayed)");
        assertThat(lines).contains("  raw size      15 bytes", "  raw text      {\"not\": \"avro\"}", "  key           k-9")
                .noneMatch(l -> l.startsWith("payload") || l.startsWith("failures"));
    }
}
