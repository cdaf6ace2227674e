package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.schemas.Failure;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static final Instant AT = Instant.parse("2026-11-29T06:00:00Z");

    @Test
    void recordsTheAttemptTheClassTheMessageAndWhereItWasThrown() {
        Failure failure = Failures.of(2, AT, "w1", new IllegalStateException("smtp refused"));

        assertThat(failure.getAttempt()).isEqualTo(2);
        assertThat(failure.getAt()).isEqualTo(AT);
        assertThat(failure.getWorker()).isEqualTo("w1");
        assertThat(failure.getErrorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.getMessage()).isEqualTo("smtp refused");
        assertThat(failure.getStack()).contains("FailuresTest.recordsTheAttemptTheClassTheMessageAndWhereItWasThrown");
    }

    @Test
    void anExceptionWithoutAMessageRecordsAnEmptyMessageNotTheWordNull() {
        Failure failure = Failures.of(1, AT, "w1", new NullPointerException());

        assertThat(failure.getMessage()).isEmpty();
        assertThat(failure.getErrorClass()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void longMessagesAndStacksAreCut() {
        Throwable deep = new RuntimeException("x".repeat(5_000));
        for (int i = 0; i < 200; i++) {
            deep = new RuntimeException("wrapped " + i, deep);
        }

        Failure failure = Failures.of(1, AT, "w1", new IllegalArgumentException("y".repeat(5_000), deep));

        assertThat(failure.getMessage()).hasSize(Failures.MAX_MESSAGE_CHARS + 3).endsWith("...");
        assertThat(failure.getStack()).hasSize(Failures.MAX_STACK_CHARS + 3).endsWith("...");
    }
}
