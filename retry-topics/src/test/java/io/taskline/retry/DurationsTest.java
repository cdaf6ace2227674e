package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "5s, PT5S",
            "1m, PT1M",
            "10m, PT10M",
            "2h, PT2H",
            "7d, PT168H",
            "' 30s ', PT30S",
    })
    void parsesEveryShortUnit(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "5x", "-5s", "5 s", "1.5s", "5S", "5sec", "PT5S"})
    void refusesTextThatIsNotAShortDurationNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("5s");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesACommaSeparatedListInOrderIgnoringBlanksAndSpaces() {
        assertThat(Durations.parseList("5s, 1m,,10m "))
                .containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10));
    }

    @Test
    void aListWithOneBadEntryIsRefusedNamingThatEntry() {
        assertThatThrownBy(() -> Durations.parseList("5s,1x,10m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1x");
    }

    @ParameterizedTest
    @CsvSource({
            "PT0.5S, 500ms",
            "PT1.5S, 1500ms",
            "PT5S, 5s",
            "PT90S, 90s",
            "PT1M, 1m",
            "PT10M, 10m",
            "PT60M, 1h",
            "PT90M, 90m",
            "PT24H, 1d",
            "PT168H, 7d",
            "PT36H, 36h",
    })
    void formatsInTheLargestUnitThatDividesExactly(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }

    @Test
    void formattedDurationsParseBackToTheSameDuration() {
        for (Duration d : List.of(Duration.ofMillis(1), Duration.ofMillis(999), Duration.ofMillis(61_001),
                Duration.ofSeconds(59), Duration.ofMinutes(59), Duration.ofHours(23), Duration.ofDays(30))) {
            assertThat(Durations.parse(Durations.format(d))).as(d.toString()).isEqualTo(d);
        }
    }
}
