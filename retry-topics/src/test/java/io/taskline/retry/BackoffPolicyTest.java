package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.250Z");
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private final BackoffPolicy policy = new BackoffPolicy(Clock.fixed(NOW, ZoneOffset.UTC));

    /** 5s, 1m, 10m and ten attempts, so the last tier is reused before attempts run out. */
    private final QueueSpec emails = QueueSpec.of("emails").withMaxAttempts(10);

    @Test
    void failureNumberNWaitsInTierNDueAfterThatTiersDelay() {
        assertThat(policy.decide(emails, 1, null, new IOException("smtp down")))
                .isEqualTo(new RetryDecision.RetryIn(FIVE_SECONDS, NOW.plus(FIVE_SECONDS)));
        assertThat(policy.decide(emails, 2, null, new IOException("smtp down")))
                .isEqualTo(new RetryDecision.RetryIn(ONE_MINUTE, NOW.plus(ONE_MINUTE)));
        assertThat(policy.decide(emails, 3, null, new IOException("smtp down")))
                .isEqualTo(new RetryDecision.RetryIn(TEN_MINUTES, NOW.plus(TEN_MINUTES)));
    }

    @Test
    void failuresBeyondTheTierCountKeepWaitingInTheLastTier() {
        for (int attempt = 4; attempt < 10; attempt++) {
            assertThat(policy.decide(emails, attempt, null, new IOException("smtp down")))
                    .as("attempt %d", attempt)
                    .isEqualTo(new RetryDecision.RetryIn(TEN_MINUTES, NOW.plus(TEN_MINUTES)));
        }
    }

    @Test
    void theDefaultQueueRetriesOncePerTierAndDeadLettersTheFourthFailure() {
        QueueSpec spec = QueueSpec.of("emails");

        assertThat(spec.maxAttempts()).isEqualTo(4);
        assertThat(policy.decide(spec, 3, null, new IOException("x"))).isInstanceOf(RetryDecision.RetryIn.class);
        assertThat(policy.decide(spec, 4, null, new IOException("x"))).isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void theAttemptThatReachesMaxAttemptsIsADeadLetterNamingTheCounts() {
        QueueSpec spec = emails.withMaxAttempts(3);

        assertThat(policy.decide(spec, 2, null, new IOException("x"))).isInstanceOf(RetryDecision.RetryIn.class);
        RetryDecision last = policy.decide(spec, 3, null, new IOException("x"));

        assertThat(last).isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(((RetryDecision.DeadLetter) last).reason()).contains("3 of 3");
    }

    @Test
    void anAttemptPastMaxAttemptsIsStillADeadLetter() {
        assertThat(policy.decide(emails.withMaxAttempts(2), 5, null, new IOException("x")))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void theTasksOwnMaxAttemptsOverridesTheQueuesInBothDirections() {
        assertThat(policy.decide(emails, 2, 2, new IOException("x")))
                .as("task allows fewer attempts than the queue")
                .isInstanceOf(RetryDecision.DeadLetter.class);

        QueueSpec stingy = emails.withMaxAttempts(2);
        assertThat(policy.decide(stingy, 2, 6, new IOException("x")))
                .as("task allows more attempts than the queue")
                .isEqualTo(new RetryDecision.RetryIn(ONE_MINUTE, NOW.plus(ONE_MINUTE)));
        assertThat(policy.decide(stingy, 6, 6, new IOException("x")))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void aNonRetryableExceptionIsADeadLetterAfterTheFirstAttempt() {
        RetryDecision decision = policy.decide(emails, 1, null, new NonRetryableException("no such user u-1"));

        assertThat(decision).isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(((RetryDecision.DeadLetter) decision).reason()).contains("non-retryable");
    }

    @Test
    void aNonRetryableExceptionWrappedAsACauseIsStillADeadLetter() {
        Throwable wrapped = new IllegalStateException("handler failed",
                new RuntimeException("lookup failed", new NonRetryableException("no such user u-1")));

        assertThat(policy.decide(emails, 1, null, wrapped)).isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void aConfiguredNonRetryableClassNameIsADeadLetterAfterTheFirstAttempt() {
        QueueSpec spec = emails.withNonRetryable(Set.of(IllegalArgumentException.class.getName()));

        assertThat(policy.decide(spec, 1, null, new IllegalArgumentException("bad address")))
                .isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(policy.decide(spec, 1, null, new IllegalStateException("transient")))
                .as("other exceptions still retry")
                .isEqualTo(new RetryDecision.RetryIn(FIVE_SECONDS, NOW.plus(FIVE_SECONDS)));
    }

    @Test
    void aSubclassOfAConfiguredNonRetryableClassIsADeadLetter() {
        QueueSpec spec = emails.withNonRetryable(Set.of(IllegalArgumentException.class.getName()));

        assertThat(policy.decide(spec, 1, null, new NumberFormatException("not a number: x")))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void aConfiguredNonRetryableClassFoundAmongTheCausesIsADeadLetter() {
        QueueSpec spec = emails.withNonRetryable(Set.of(IOException.class.getName()));

        assertThat(policy.decide(spec, 1, null, new UncheckedIOException(new IOException("disk full"))))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void aQueueWithoutTiersDeadLettersTheFirstFailure() {
        QueueSpec noTiers = emails.withTiers(List.of());

        RetryDecision decision = policy.decide(noTiers, 1, null, new IOException("x"));

        assertThat(decision).isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(((RetryDecision.DeadLetter) decision).reason()).contains("emails");
    }

    @Test
    void dueTimesFollowTheClock() {
        Instant later = NOW.plus(Duration.ofHours(3));
        BackoffPolicy laterPolicy = new BackoffPolicy(Clock.fixed(later, ZoneOffset.UTC));

        assertThat(laterPolicy.decide(emails, 1, null, new IOException("x")))
                .isEqualTo(new RetryDecision.RetryIn(FIVE_SECONDS, later.plus(FIVE_SECONDS)));
    }
}
