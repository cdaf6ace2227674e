package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueueTopicsTest {

    @Test
    void theQueueTopicIsTheQueueName() {
        assertThat(QueueTopics.of("emails").queue()).isEqualTo("emails");
    }

    @Test
    void aTierTopicIsNamedAfterItsDelay() {
        QueueTopics emails = QueueTopics.of("emails");

        assertThat(emails.tier(Duration.ofSeconds(5))).isEqualTo("emails.retry.5s");
        assertThat(emails.tier(Duration.ofMinutes(1))).isEqualTo("emails.retry.1m");
        assertThat(emails.tier(Duration.ofMinutes(10))).isEqualTo("emails.retry.10m");
        assertThat(emails.tier(Duration.ofMillis(250))).isEqualTo("emails.retry.250ms");
    }

    @Test
    void theDeadLetterTopicEndsInDlq() {
        assertThat(QueueTopics.of("emails").dlq()).isEqualTo("emails.dlq");
    }

    @Test
    void allListsTheQueueThenEachTierInOrderThenTheDlq() {
        assertThat(QueueTopics.of("emails").all(QueueSpec.DEFAULT_TIERS))
                .containsExactly("emails", "emails.retry.5s", "emails.retry.1m", "emails.retry.10m", "emails.dlq");
        assertThat(QueueTopics.of("emails").all(List.of())).containsExactly("emails", "emails.dlq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"emails", "team-a.reports_v2", "Q1", "a"})
    void acceptsLettersDigitsDotsUnderscoresAndDashes(String name) {
        assertThat(QueueTopics.of(name).queue()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "emails/eu", "emails:eu", "émails", "emails\n"})
    void refusesAnInvalidQueueNameNamingIt(String name) {
        assertThatThrownBy(() -> QueueTopics.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("not a valid queue name");
    }

    @Test
    void refusesANullQueueName() {
        assertThatThrownBy(() -> QueueTopics.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid queue name");
    }

    @Test
    void refusesANameTooLongForItsTopicsToBeKafkaTopics() {
        String tooLong = "q".repeat(201);

        assertThatThrownBy(() -> QueueTopics.of(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(tooLong);
        assertThat(QueueTopics.of("q".repeat(200)).tier(Duration.ofMillis(604_800_001)).length())
                .as("longest tier topic of the longest queue name fits Kafka's 249 characters")
                .isLessThanOrEqualTo(249);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void refusesTheNamesKafkaReservesForDirectories(String name) {
        assertThatThrownBy(() -> QueueTopics.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }
}
