package io.taskline.dlq.internal;

import static io.taskline.dlq.testing.DeadLetters.T0;
import static io.taskline.dlq.testing.DeadLetters.aFailure;
import static io.taskline.dlq.testing.DeadLetters.aTask;
import static io.taskline.dlq.testing.DeadLetters.failures;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.schemas.Replay;
import io.taskline.schemas.Task;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayEnvelopesTest {

    private static final Instant LATER = T0.plusSeconds(3600);

    private final Task dead = aTask("t-1").setAttempt(3).setFailures(failures(
            aFailure(1, T0, "java.lang.IllegalStateException", "one"),
            aFailure(2, T0.plusSeconds(5), "java.lang.IllegalStateException", "two"),
            aFailure(3, T0.plusSeconds(65), "java.lang.IllegalStateException", "three"))).build();
    private final Replay replay = ReplayEnvelopes.provenance(LATER, "emails.dlq", 2, 41, "ann@ops-1");

    @Test
    void keepsIdKeyTypeAndEveryLineageFieldAndAppendsOneReplay() {
        Task out = ReplayEnvelopes.replayed(dead, new byte[] {5}, "emails", false, replay);

        assertThat(out.getId()).isEqualTo("t-1");
        assertThat(out.getKey()).isEqualTo("u-1");
        assertThat(out.getType()).isEqualTo("echo");
        assertThat(out.getWorkflowId()).isEqualTo("wf-1");
        assertThat(out.getParentId()).isEqualTo("parent-1");
        assertThat(out.getBatchId()).isEqualTo("batch-1");
        assertThat(out.getTraceparent()).isEqualTo(dead.getTraceparent());
        assertThat(out.getHeaders()).isEqualTo(dead.getHeaders());
        assertThat(out.getEnqueuedAt()).isEqualTo(T0);
        assertThat(out.getMaxAttempts()).isEqualTo(3);
        assertThat(out.getFailures()).as("failures stay as history").isEqualTo(dead.getFailures());
        assertThat(out.getReplays()).singleElement().satisfies(r -> {
            assertThat(r.getReplayedAt()).isEqualTo(LATER);
            assertThat(r.getFromTopic()).isEqualTo("emails.dlq");
            assertThat(r.getFromPartition()).isEqualTo(2);
            assertThat(r.getFromOffset()).isEqualTo(41L);
            assertThat(r.getBy()).isEqualTo("ann@ops-1");
        });
        assertThat(out.getPayload()).isEqualTo(ByteBuffer.wrap(new byte[] {5}));
    }

    @Test
    void resetsTheAttemptToOneUnlessAskedToKeepIt() {
        assertThat(ReplayEnvelopes.replayed(dead, new byte[0], "emails", false, replay).getAttempt()).isEqualTo(1);
        assertThat(ReplayEnvelopes.replayed(dead, new byte[0], "emails", true, replay).getAttempt()).isEqualTo(3);
    }

    @Test
    void aSecondReplayIsAppendedAfterTheFirst() {
        Task once = ReplayEnvelopes.replayed(dead, new byte[0], "emails", false, replay);
        Replay second = ReplayEnvelopes.provenance(LATER.plusSeconds(60), "emails.dlq", 0, 7, null);
        Task twice = ReplayEnvelopes.replayed(once, new byte[0], "emails", false, second);
        assertThat(twice.getReplays()).containsExactly(replay, second);
    }

    @Test
    void goesToTheTargetQueueAndLeavesTheDeadEnvelopeAlone() {
        Task out = ReplayEnvelopes.replayed(dead, new byte[] {1}, "emails-v2", false, replay);
        assertThat(out.getQueue()).isEqualTo("emails-v2");
        assertThat(dead.getQueue()).isEqualTo("emails");
        assertThat(dead.getAttempt()).isEqualTo(3);
        assertThat(dead.getReplays()).isEmpty();
        assertThat(dead.getPayload()).isEqualTo(ByteBuffer.wrap(new byte[] {9, 8, 7}));
    }
}
