package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class QueueSpecTest {

    @Test
    void aQueueGetsTiersOf5s1m10mAndOneAttemptMoreThanTiersByDefault() {
        QueueSpec spec = QueueSpec.of("emails");

        assertThat(spec.name()).isEqualTo("emails");
        assertThat(spec.tiers()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(spec.maxAttempts()).isEqualTo(4);
        assertThat(spec.nonRetryable()).isEmpty();
        assertThat(spec.topics().dlq()).isEqualTo("emails.dlq");
    }

    @Test
    void copiesChangeOnlyWhatTheyNameAndLeaveTheOriginalAlone() {
        QueueSpec original = QueueSpec.of("emails");

        QueueSpec changed = original.withTiers(List.of(Duration.ofSeconds(1))).withMaxAttempts(7)
                .withNonRetryable(Set.of("java.lang.IllegalArgumentException"));

        assertThat(changed).isEqualTo(new QueueSpec("emails", List.of(Duration.ofSeconds(1)), 7,
                Set.of("java.lang.IllegalArgumentException")));
        assertThat(original).isEqualTo(QueueSpec.of("emails"));
    }

    @Test
    void laterChangesToTheGivenCollectionsDoNotChangeTheSpec() {
        List<Duration> tiers = new ArrayList<>(List.of(Duration.ofSeconds(5)));
        Set<String> nonRetryable = new HashSet<>(Set.of("a.B"));
        QueueSpec spec = new QueueSpec("emails", tiers, 2, nonRetryable);

        tiers.add(Duration.ofMinutes(1));
        nonRetryable.add("c.D");

        assertThat(spec.tiers()).containsExactly(Duration.ofSeconds(5));
        assertThat(spec.nonRetryable()).containsExactly("a.B");
        assertThatThrownBy(() -> spec.tiers().add(Duration.ofHours(1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesFewerThanOneAttemptNamingTheQueueAndTheValue() {
        assertRefused(() -> QueueSpec.of("emails").withMaxAttempts(0), "max.attempts", "emails", "0");
        assertRefused(() -> QueueSpec.of("emails").withMaxAttempts(-3), "emails", "-3");
    }

    @Test
    void refusesAZeroOrNegativeTierDelay() {
        assertRefused(() -> QueueSpec.of("emails").withTiers(List.of(Duration.ZERO)), "emails", "positive");
        assertRefused(() -> QueueSpec.of("emails").withTiers(List.of(Duration.ofSeconds(5), Duration.ofSeconds(-1))),
                "emails", "positive");
    }

    @Test
    void refusesATierNamedTwiceNamingTheTier() {
        assertRefused(() -> QueueSpec.of("emails").withTiers(
                List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofSeconds(5))), "emails", "grow", "5s");
        assertRefused(() -> QueueSpec.of("emails").withTiers(List.of(Duration.ofSeconds(60), Duration.ofMinutes(1))),
                "1m", "grow");
    }

    @Test
    void refusesAnInvalidQueueNameNamingIt() {
        assertRefused(() -> QueueSpec.of("my emails"), "'my emails'");
    }

    @Test
    void aQueueWithoutTiersIsAllowed() {
        assertThat(QueueSpec.of("emails").withTiers(List.of()).tiers()).isEmpty();
    }

    @Test
    void tiersGivenOutOfOrderAreRefusedNamingTheQueue() {
        assertRefused(() -> QueueSpec.of("emails").withTiers(List.of(Duration.ofMinutes(10), Duration.ofSeconds(5))),
                "emails", "shortest first");
    }

    private static void assertRefused(ThrowingCallable build, String... messageParts) {
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messageParts[0]);
        for (String part : messageParts) {
            assertThatThrownBy(build).hasMessageContaining(part);
        }
    }
}
