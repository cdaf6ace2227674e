package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.schemas.TaskEventType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transition table of a batch member's outcome, covered whole. */
class BatchMemberTest {

    @Test
    void successIsFinalAndEveryOtherOutcomeCanMoveToAnyOtherOutcome() {
        for (BatchMember from : BatchMember.values()) {
            for (BatchMember to : BatchMember.values()) {
                boolean expected = from != BatchMember.SUCCEEDED && from != to;
                assertThat(from.canBecome(to)).as(from + " -> " + to).isEqualTo(expected);
            }
        }
    }

    @Test
    void eachEventTypeSaysAnOutcomeExceptEnqueuedAndUnknown() {
        assertThat(BatchMember.of(TaskEventType.STARTED)).contains(BatchMember.PENDING);
        assertThat(BatchMember.of(TaskEventType.RETRYING)).contains(BatchMember.RETRYING);
        assertThat(BatchMember.of(TaskEventType.SUCCEEDED)).contains(BatchMember.SUCCEEDED);
        assertThat(BatchMember.of(TaskEventType.DEAD)).contains(BatchMember.DEAD);
        assertThat(BatchMember.of(TaskEventType.ENQUEUED)).isEmpty();
        assertThat(BatchMember.of(TaskEventType.UNKNOWN)).isEmpty();
    }

    @Test
    void storedCodesAreDistinctAndReadBack() {
        Set<BatchMember> seen = EnumSet.noneOf(BatchMember.class);
        for (BatchMember m : BatchMember.values()) {
            assertThat(BatchMember.ofCode(m.code())).isEqualTo(m);
            seen.add(BatchMember.ofCode(m.code()));
        }
        assertThat(seen).hasSize(BatchMember.values().length);
        assertThatThrownBy(() -> BatchMember.ofCode((byte) 'x')).hasMessageContaining("code x");
    }
}
