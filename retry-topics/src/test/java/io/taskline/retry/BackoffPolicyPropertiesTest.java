package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariants of retry routing for any queue: a task that keeps failing ends as a dead letter after
 * exactly its max attempts, is never due early, and never moves back to a shorter tier.
 */
class BackoffPolicyPropertiesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @Property
    void aTaskThatKeepsFailingIsADeadLetterAfterExactlyMaxAttemptsAndNeverDueEarly(
            @ForAll("tierLists") List<Duration> tiers,
            @ForAll @IntRange(min = 1, max = 10) int maxAttempts,
            @ForAll("processingTimes") List<Duration> processing) {
        List<Duration> shortestFirst = tiers.stream().sorted().toList();
        QueueSpec spec = QueueSpec.of("orders").withTiers(shortestFirst).withMaxAttempts(maxAttempts);
        MovingClock clock = new MovingClock(START);
        BackoffPolicy policy = new BackoffPolicy(clock);

        List<Duration> tiersUsed = new ArrayList<>();
        int attempt = 1;
        RetryDecision decision;
        while (true) {
            clock.advance(processing.get(attempt % processing.size()));
            Instant failedAt = clock.instant();
            decision = policy.decide(spec, attempt, null, new IOException("attempt " + attempt + " failed"));
            if (!(decision instanceof RetryDecision.RetryIn retry)) {
                break;
            }
            assertThat(retry.dueAt()).as("due time of attempt %d", attempt)
                    .isAfterOrEqualTo(failedAt)
                    .isEqualTo(failedAt.plus(retry.tier()));
            assertThat(retry.tier()).isEqualTo(shortestFirst.get(Math.min(attempt, shortestFirst.size()) - 1));
            tiersUsed.add(retry.tier());
            clock.jumpTo(retry.dueAt());
            attempt++;
            assertThat(attempt).as("attempts must end").isLessThanOrEqualTo(maxAttempts);
        }

        assertThat(decision).isInstanceOf(RetryDecision.DeadLetter.class);
        assertThat(attempt).as("attempts made before the dead letter").isEqualTo(maxAttempts);
        assertThat(tiersUsed).hasSize(maxAttempts - 1);
        assertThat(tiersUsed).isSortedAccordingTo(Duration::compareTo);
    }

    @Property
    void theTasksOwnMaxAttemptsDecidesWhenItIsADeadLetter(
            @ForAll("tierLists") List<Duration> tiers,
            @ForAll @IntRange(min = 1, max = 10) int queueMaxAttempts,
            @ForAll @IntRange(min = 1, max = 10) int taskMaxAttempts) {
        QueueSpec spec = QueueSpec.of("orders").withTiers(tiers.stream().sorted().toList())
                .withMaxAttempts(queueMaxAttempts);
        BackoffPolicy policy = new BackoffPolicy(Clock.fixed(START, ZoneOffset.UTC));

        int attempt = 1;
        while (policy.decide(spec, attempt, taskMaxAttempts, new IOException("x")) instanceof RetryDecision.RetryIn) {
            attempt++;
            assertThat(attempt).isLessThanOrEqualTo(taskMaxAttempts);
        }

        assertThat(attempt).isEqualTo(taskMaxAttempts);
    }

    @Property
    void theTierDelayNeverShrinksAlongTheAttempts(
            @ForAll("tierLists") List<Duration> tiers,
            @ForAll @IntRange(min = 1, max = 10) int maxAttempts) {
        QueueSpec spec = QueueSpec.of("orders").withTiers(tiers.stream().sorted().toList()).withMaxAttempts(maxAttempts);
        BackoffPolicy policy = new BackoffPolicy(Clock.fixed(START, ZoneOffset.UTC));

        int previousPosition = -1;
        for (int attempt = 1; attempt < maxAttempts; attempt++) {
            RetryDecision.RetryIn retry = (RetryDecision.RetryIn) policy.decide(spec, attempt, null, new IOException("x"));
            int position = spec.tiers().indexOf(retry.tier());
            assertThat(position).isGreaterThanOrEqualTo(previousPosition);
            assertThat(retry.dueAt()).isEqualTo(START.plus(retry.tier()));
            previousPosition = position;
        }
    }

    @Property
    void aNonRetryableFailureIsADeadLetterAtAnyAttempt(
            @ForAll("tierLists") List<Duration> tiers,
            @ForAll @IntRange(min = 1, max = 10) int maxAttempts,
            @ForAll @IntRange(min = 1, max = 10) int attempt,
            @ForAll boolean configuredByName) {
        QueueSpec spec = QueueSpec.of("orders").withTiers(tiers.stream().sorted().toList())
                .withMaxAttempts(maxAttempts)
                .withNonRetryable(Set.of(IllegalArgumentException.class.getName()));
        Throwable error = configuredByName ? new NumberFormatException("bad") : new NonRetryableException("gone");

        assertThat(new BackoffPolicy(Clock.fixed(START, ZoneOffset.UTC)).decide(spec, attempt, null, error))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    /** One to five distinct positive delays, mixing round tier-like values with odd millisecond ones. */
    @Provide
    Arbitrary<List<Duration>> tierLists() {
        Arbitrary<Duration> delay = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 600).map(Duration::ofSeconds),
                Arbitraries.longs().between(1, 180).map(Duration::ofMinutes),
                Arbitraries.longs().between(1, 7 * 24 * 3_600_000L).map(Duration::ofMillis));
        return delay.list().ofMinSize(1).ofMaxSize(5).uniqueElements();
    }

    /** How long each attempt ran before it failed. */
    @Provide
    Arbitrary<List<Duration>> processingTimes() {
        return Arbitraries.longs().between(0, 120_000).map(Duration::ofMillis).list().ofMinSize(1).ofMaxSize(10);
    }

    /** A clock tests move forward by hand. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        void jumpTo(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
