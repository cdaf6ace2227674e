package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.InMemorySchemaRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dlq list} output: an aligned table with the last error on one line, and JSON with every field. */
class DlqRowsTest {

    private final DeadLetter email = Samples.deadEmail(new InMemorySchemaRegistry(), "ann@example.com");

    @Test
    void aTableRowPerDeadLetterWithTheLastErrorOnOneLine() {
        List<String> lines = DeadLetterRows.table(List.of(email, Samples.garbage()));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("DLQ   TASK ID  TYPE           KEY  ATTEMPTS  DEAD AT               REPLAYED  LAST ERROR");
        assertThat(lines.get(1)).isEqualTo("1:42  t-1      send-email     u-1  2         2026-01-31T10:00:02Z  no        "
                + "IllegalStateException: SMTP server down retry later");
        assertThat(lines.get(2)).startsWith("0:7   -        <undecodable>  k-9  0")
                .endsWith("undecodable: not Avro single-object encoded (no C3 01 header) (15 bytes)");
    }

    @Test
    void aLongErrorIsCut() {
        DeadLetter wordy = email.toBuilder().error("java.lang.IllegalStateException", "x".repeat(500)).build();

        String error = DeadLetterRows.lastError(wordy);

        assertThat(error).hasSize(DeadLetterRows.MAX_ERROR).endsWith("...");
    }

    @Test
    void jsonCarriesEveryFieldScriptsFilterOn() {
        ObjectNode json = DeadLetterRows.json(email.withReplayed(true));

        assertThat(json.get("taskId").asText()).isEqualTo("t-1");
        assertThat(json.get("type").asText()).isEqualTo("send-email");
        assertThat(json.get("key").asText()).isEqualTo("u-1");
        assertThat(json.get("attempts").asInt()).isEqualTo(2);
        assertThat(json.get("deadAt").asText()).isEqualTo("2026-01-31T10:00:02.345Z");
        assertThat(json.get("errorClass").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("errorMessage").asText()).isEqualTo("SMTP server down\nretry later");
        assertThat(json.get("partition").asInt()).isEqualTo(1);
        assertThat(json.get("offset").asLong()).isEqualTo(42);
        assertThat(json.get("replayed").asBoolean()).isTrue();
        assertThat(json.get("origin").get("offset").asLong()).isEqualTo(17);

        ObjectNode garbage = DeadLetterRows.json(Samples.garbage());
        assertThat(garbage.get("type").asText()).isEqualTo(DeadLetter.UNDECODABLE_TYPE);
        assertThat(garbage.get("undecodable").asBoolean()).isTrue();
        assertThat(garbage.get("rawSize").asInt()).isEqualTo(15);
        assertThat(garbage.get("taskId").isNull()).isTrue();
    }
}
