package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.schemas.Failure;
import io.taskline.schemas.GeneratedClassTrust;
import io.taskline.schemas.Task;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class FailureHistoryTest {

    /** A stand-in for the encoded size: the characters of every stack and message, plus one per failure. */
    private static final ToIntFunction<Task> SIZE = t -> t.getFailures().stream()
            .mapToInt(f -> f.getStack().length() + f.getMessage().length() + 1).sum();

    @Test
    void aTaskThatFitsIsLeftAsItIs() {
        Task task = task(3);

        assertThat(FailureHistory.fit(task, SIZE, SIZE.applyAsInt(task))).isSameAs(task);
    }

    @Test
    void earlierStacksGoFirstOldestFirstAndTheLatestStackStays() {
        Task task = task(3);

        Task fitted = FailureHistory.fit(task, SIZE, SIZE.applyAsInt(task) - 500);

        assertThat(fitted.getFailures()).extracting(Failure::getAttempt).containsExactly(1, 2, 3);
        assertThat(fitted.getFailures()).extracting(Failure::getStack)
                .containsExactly(FailureHistory.STACK_DROPPED, "stack 2".repeat(100), "stack 3".repeat(100));
        assertThat(task.getFailures().get(0).getStack()).as("the original is untouched").isEqualTo("stack 1".repeat(100));
    }

    @Test
    void thenEarlierFailuresGoKeepingTheFirstAndTheLatest() {
        Task task = task(6);

        // Every earlier stack dropped leaves 5 × 44 + 702 = 922; each earlier failure dropped, 44 less.
        Task fitted = FailureHistory.fit(task, SIZE, 800);

        assertThat(fitted.getFailures()).extracting(Failure::getAttempt).containsExactly(1, 5, 6);
        assertThat(fitted.getFailures()).extracting(Failure::getStack)
                .containsExactly(FailureHistory.STACK_DROPPED, FailureHistory.STACK_DROPPED, "stack 6".repeat(100));
        assertThat(SIZE.applyAsInt(fitted)).isLessThanOrEqualTo(800);
    }

    @Test
    void whatCannotFitComesBackAsSmallAsItGets() {
        Task fitted = FailureHistory.fit(task(4), SIZE, 10);

        assertThat(fitted.getFailures()).extracting(Failure::getAttempt).containsExactly(1, 4);
        assertThat(fitted.getFailures().get(1).getStack()).isEqualTo("stack 4".repeat(100));
    }

    private static Task task(int failures) {
        GeneratedClassTrust.install();
        List<Failure> history = new ArrayList<>();
        for (int i = 1; i <= failures; i++) {
            history.add(Failure.newBuilder().setAttempt(i).setAt(Instant.EPOCH).setWorker("w").setErrorClass("E")
                    .setMessage("m").setStack(("stack " + i).repeat(100)).build());
        }
        return Task.newBuilder().setId("t").setType("x").setQueue("q").setPayload(ByteBuffer.wrap(new byte[0]))
                .setAttempt(failures + 1).setEnqueuedAt(Instant.EPOCH).setFailures(history).build();
    }
}
