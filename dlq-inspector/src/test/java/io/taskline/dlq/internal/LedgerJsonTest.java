package io.taskline.dlq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.dlq.ReplayLedger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerJsonTest {

    @Test
    void anEntryRoundTripsAsSmallJson() {
        ReplayLedger.Entry entry = new ReplayLedger.Entry(Instant.parse("2026-01-31T12:00:00Z"), "emails", 2, 41L,
                "t-1", "ann@ops-1");
        byte[] json = LedgerJson.write(entry);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"replayedAt\":\"2026-01-31T12:00:00Z\","
                + "\"to\":\"emails\",\"partition\":2,\"offset\":41,\"taskId\":\"t-1\",\"by\":\"ann@ops-1\"}");
        assertThat(LedgerJson.read(json)).isEqualTo(entry);
    }

    @Test
    void aMalformedEntryReadsAsEmptyRatherThanFailing() {
        assertThat(LedgerJson.read("not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new ReplayLedger.Entry(null, null, null, null, null, null));
        assertThat(LedgerJson.read("{\"replayedAt\":\"yesterday\",\"to\":3}".getBytes(StandardCharsets.UTF_8)).to())
                .isNull();
    }

    @Test
    void keysAndTopicNamesComeFromTheLedger() {
        assertThat(ReplayLedger.key(2, 41)).isEqualTo("2:41");
        assertThat(ReplayLedger.topicOf("emails")).isEqualTo("emails.dlq.replayed");
    }
}
