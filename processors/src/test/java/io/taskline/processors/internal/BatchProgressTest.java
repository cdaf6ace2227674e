package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import io.taskline.schemas.BatchSummary;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Counting a batch as pure functions of its state. */
class BatchProgressTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);

    @Test
    void aMemberMovingBetweenOutcomesMovesOneCountAndPendingIsNotCounted() {
        BatchState s = BatchProgress.defined(null, aBatch(3), T0);
        s = BatchProgress.moved(s, null, BatchMember.PENDING, T1);
        assertThat(counts(s)).containsExactly(0, 0, 0);
        s = BatchProgress.moved(s, BatchMember.PENDING, BatchMember.RETRYING, T1);
        assertThat(counts(s)).containsExactly(0, 1, 0);
        s = BatchProgress.moved(s, BatchMember.RETRYING, BatchMember.DEAD, T1);
        assertThat(counts(s)).containsExactly(0, 0, 1);
        s = BatchProgress.moved(s, BatchMember.DEAD, BatchMember.SUCCEEDED, T1);
        assertThat(counts(s)).containsExactly(1, 0, 0);
        assertThat(s.getUpdatedAt()).isEqualTo(T1);
    }

    @Test
    void theCallbackIsDueOnceEveryMemberSucceededOrDiedAndOnlyUntilItFired() {
        BatchState s = BatchProgress.defined(null, aBatch(2), T0);
        s = BatchProgress.moved(s, null, BatchMember.SUCCEEDED, T1);
        assertThat(BatchProgress.callbackDue(s)).isFalse();
        s = BatchProgress.moved(s, null, BatchMember.DEAD, T1);
        assertThat(BatchProgress.callbackDue(s)).isTrue();
        assertThat(BatchProgress.callbackDue(BatchState.newBuilder(s).setCallbackFiredAt(T1).build())).isFalse();
    }

    @Test
    void aBatchKnownOnlyFromItsMembersEventsIsNeverDue() {
        BatchState s = BatchProgress.moved(BatchProgress.unknown("b", T0), null, BatchMember.SUCCEEDED, T1);
        assertThat(BatchProgress.callbackDue(s)).isFalse();
        BatchState defined = BatchProgress.defined(s, aBatch(1), T1);
        assertThat(defined.getSucceeded()).isEqualTo(1);
        assertThat(BatchProgress.callbackDue(defined)).isTrue();
    }

    @Test
    void theSummaryKeepsAtMostOneHundredDeadIds() {
        BatchState s = BatchState.newBuilder(BatchProgress.defined(null, aBatch(150), T0)).setDead(150).build();
        List<String> ids = IntStream.range(0, 150).mapToObj(i -> "t-" + i).toList();

        BatchSummary summary = BatchProgress.summary(s, ids);

        assertThat(summary.getDead()).isEqualTo(150);
        assertThat(summary.getDeadTaskIds()).hasSize(BatchProgress.MAX_DEAD_IDS).startsWith("t-0").endsWith("t-99");
    }

    private static List<Integer> counts(BatchState s) {
        return List.of(s.getSucceeded(), s.getRetrying(), s.getDead());
    }

    private static Batch aBatch(int size) {
        return Batch.newBuilder().setBatchId("b").setSize(size).setCallbackId("b-done").setCallbackQueue("q")
                .setCallbackType("done").setCallback(ByteBuffer.wrap(new byte[0])).setCreatedAt(T0).build();
    }
}
