package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantParserTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private final InstantParser parser = new InstantParser(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aDurationIsThatLongBeforeTheClocksNow() {
        assertThat(parser.parse("2h")).isEqualTo(NOW.minus(Duration.ofHours(2)));
        assertThat(parser.parse("30m")).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(parser.parse("7d")).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(parser.parse(" 45s ")).isEqualTo(NOW.minus(Duration.ofSeconds(45)));
    }

    @Test
    void isoTimesAreReadWithTheirOffsetOrAsUtc() {
        assertThat(parser.parse("2026-01-30T08:15:00Z")).isEqualTo(Instant.parse("2026-01-30T08:15:00Z"));
        assertThat(parser.parse("2026-01-30T09:15:00+01:00")).isEqualTo(Instant.parse("2026-01-30T08:15:00Z"));
        assertThat(parser.parse("2026-01-30T08:15")).isEqualTo(Instant.parse("2026-01-30T08:15:00Z"));
        assertThat(parser.parse("2026-01-30")).isEqualTo(Instant.parse("2026-01-30T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "-2h", "2 h", "2026-13-01", "", "12"})
    void anythingElseIsRefusedQuotingTheText(String text) {
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining("ISO-8601").hasMessageContaining("2h");
    }

    @Test
    void aDurationReachingBackPastTheEarliestInstantIsRefusedQuotingTheText() {
        assertThatThrownBy(() -> parser.parse("1000000000000d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1000000000000d' ago is before the earliest time there is");
    }
}
