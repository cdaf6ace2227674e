package io.taskline.dlq;

import static io.taskline.dlq.testing.DeadLetters.aDeadLetter;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayLedgerTest {

    private static final DeadLetter LETTER = aDeadLetter("t-1").partition(2).offset(41).build();

    private static ReplayLedger.Entry entry(String taskId) {
        return new ReplayLedger.Entry(Instant.EPOCH, "emails", 0, 7L, taskId, null);
    }

    @Test
    void aLetterIsReplayedWhenTheLedgerHasItsPositionForTheSameTask() {
        assertThat(ReplayLedger.isReplayed(Map.of("2:41", entry("t-1")), LETTER)).isTrue();
        assertThat(ReplayLedger.isReplayed(Map.of("2:42", entry("t-1")), LETTER)).isFalse();
        assertThat(ReplayLedger.isReplayed(Map.of(), LETTER)).isFalse();
    }

    @Test
    void anEntryOfAnotherTaskAtTheSamePositionIsFromAnEarlierDlqAndDoesNotCount() {
        assertThat(ReplayLedger.isReplayed(Map.of("2:41", entry("t-other")), LETTER)).isFalse();
    }

    @Test
    void anEntryWithoutATaskIdCountsByPositionAlone() {
        assertThat(ReplayLedger.isReplayed(Map.of("2:41", entry(null)), LETTER)).isTrue();
    }
}
