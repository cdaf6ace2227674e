package io.taskline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cron and fixed-rate fire times, macros, clear refusals, and daylight-saving changes as cron handles them. */
class RecurrenceTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void aCronExpressionFiresAtItsLocalTimeInItsZone() {
        Recurrence daily = Recurrence.cron("0 6 * * *", BERLIN);

        assertThat(fires(daily, "2030-01-01T00:00:00Z", 2))
                .containsExactly(Instant.parse("2030-01-01T05:00:00Z"), Instant.parse("2030-01-02T05:00:00Z"));
        assertThat(fires(daily, "2030-07-01T00:00:00Z", 1)).containsExactly(Instant.parse("2030-07-01T04:00:00Z"));
        assertThat(daily).hasToString("cron \"0 6 * * *\" Europe/Berlin");
    }

    @ParameterizedTest
    @CsvSource({
        "@hourly,   2030-01-01T01:00:00Z",
        "@daily,    2030-01-02T00:00:00Z",
        "@midnight, 2030-01-02T00:00:00Z",
        "@weekly,   2030-01-06T00:00:00Z",
        "@monthly,  2030-02-01T00:00:00Z",
        "@yearly,   2031-01-01T00:00:00Z",
        "@annually, 2031-01-01T00:00:00Z",
        "@DAILY,    2030-01-02T00:00:00Z"})
    void macrosMeanWhatCronMeansByThem(String macro, String first) {
        assertThat(Recurrence.cron(macro, UTC).next(Instant.parse("2030-01-01T00:00:00Z"))).contains(Instant.parse(first));
    }

    @Test
    void dayNamesRangesAndStepsAreUnderstood() {
        assertThat(fires(Recurrence.cron("*/15 9-10 * * MON-FRI", UTC), "2030-01-04T10:40:00Z", 3)).containsExactly(
                Instant.parse("2030-01-04T10:45:00Z"), Instant.parse("2030-01-07T09:00:00Z"),
                Instant.parse("2030-01-07T09:15:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 6 * *       | invalid cron expression '0 6 * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4",
        "0 6 * * * *   | invalid cron expression '0 6 * * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 6",
        "61 * * * *    | invalid cron expression '61 * * * *': Value 61 not in range [0, 59]",
        "0 25 * * *    | invalid cron expression '0 25 * * *': Value 25 not in range [0, 23]",
        "x * * * *     | invalid cron expression 'x * * * *': Invalid chars in expression! Expression: X Invalid chars: X",
        "@reboot       | invalid cron expression '@reboot': unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)",
        "''            | invalid cron expression '': expected 5 fields (minute hour day-of-month month day-of-week), got 0"})
    void aBadExpressionIsRefusedWithOneLineThatSaysWhy(String expression, String message) {
        assertThatThrownBy(() -> Recurrence.cron(expression, UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        assertThatThrownBy(() -> Recurrence.cron("0 6 * * *", "Europe/Atlantis"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown time zone 'Europe/Atlantis' (use an IANA name such as Europe/Berlin)");
    }

    @Test
    void anExpressionThatNeverMatchesHasNoNextFire() {
        assertThat(Recurrence.cron("0 0 31 2 *", UTC).next(Instant.parse("2030-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void aFixedRateFiresOnAGridFromItsStartWhateverTimeItIsAskedAt() {
        Instant start = Instant.parse("2030-01-01T00:00:00.250Z");
        Recurrence every = Recurrence.every(Duration.ofSeconds(10)).startingAt(start);

        assertThat(every.next(start.minusSeconds(100))).contains(start.plusSeconds(10));
        assertThat(every.next(start)).contains(start.plusSeconds(10));
        assertThat(every.next(start.plusMillis(9_999))).contains(start.plusSeconds(10));
        assertThat(every.next(start.plusSeconds(10))).contains(start.plusSeconds(20));
        assertThat(every.next(start.plusSeconds(3_605))).contains(start.plusSeconds(3_610));
        assertThat(every).hasToString("every 10s");
    }

    @Test
    void aFixedRateShorterThanOneSecondIsRefused() {
        assertThatThrownBy(() -> Recurrence.every(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--every must be at least 1s, was 500ms");
    }

    // ---- daylight saving, Europe/Berlin: 2030-03-31 02:00 → 03:00, 2030-10-27 03:00 → 02:00 ---------------

    @Test
    void aFixedTimeInTheHourSpringForwardSkipsFiresOnceAtTheChange() {
        Recurrence at0230 = Recurrence.cron("30 2 * * *", BERLIN);

        assertThat(local(fires(at0230, "2030-03-30T12:00:00Z", 3)))
                .containsExactly("2030-03-31T03:00+02:00", "2030-04-01T02:30+02:00", "2030-04-02T02:30+02:00");
    }

    @Test
    void severalFixedTimesInTheSkippedHourFireOnceAtTheChange() {
        assertThat(local(fires(Recurrence.cron("0,30 2 * * *", BERLIN), "2030-03-31T00:00:00Z", 2)))
                .containsExactly("2030-03-31T03:00+02:00", "2030-04-01T02:00+02:00");
        assertThat(local(fires(Recurrence.cron("0 2-3 * * *", BERLIN), "2030-03-30T12:00:00Z", 3)))
                .containsExactly("2030-03-31T03:00+02:00", "2030-04-01T02:00+02:00", "2030-04-01T03:00+02:00");
    }

    @Test
    void aFixedTimeInTheHourFallBackRepeatsFiresOnlyTheFirstTime() {
        assertThat(local(fires(Recurrence.cron("30 2 * * *", BERLIN), "2030-10-26T12:00:00Z", 2)))
                .containsExactly("2030-10-27T02:30+02:00", "2030-10-28T02:30+01:00");
        assertThat(local(fires(Recurrence.cron("0,30 2 * * *", BERLIN), "2030-10-26T12:00:00Z", 3)))
                .containsExactly("2030-10-27T02:00+02:00", "2030-10-27T02:30+02:00", "2030-10-28T02:00+01:00");
    }

    @Test
    void aWildcardExpressionFollowsTheLocalClockThroughBothChanges() {
        Recurrence hourly = Recurrence.cron("0 * * * *", BERLIN);

        assertThat(local(fires(hourly, "2030-03-30T23:30:00Z", 3)))
                .as("02:00 does not exist on the spring-forward day")
                .containsExactly("2030-03-31T01:00+01:00", "2030-03-31T03:00+02:00", "2030-03-31T04:00+02:00");
        assertThat(local(fires(hourly, "2030-10-26T23:30:00Z", 3)))
                .as("02:00 happens twice on the fall-back day")
                .containsExactly("2030-10-27T02:00+02:00", "2030-10-27T02:00+01:00", "2030-10-27T03:00+01:00");
    }

    @Test
    void aTimeOutsideTheChangedHourIsNotMoved() {
        assertThat(local(fires(Recurrence.cron("30 1 * * *", BERLIN), "2030-03-30T12:00:00Z", 2)))
                .containsExactly("2030-03-31T01:30+01:00", "2030-04-01T01:30+02:00");
        assertThat(local(fires(Recurrence.cron("0 3 * * *", BERLIN), "2030-10-26T12:00:00Z", 2)))
                .containsExactly("2030-10-27T03:00+01:00", "2030-10-28T03:00+01:00");
    }

    @Test
    void aFixedRateCountsElapsedTimeAcrossAChange() {
        Recurrence every = Recurrence.every(Duration.ofHours(1)).startingAt(Instant.parse("2030-03-30T23:00:00Z"));

        assertThat(fires(every, "2030-03-30T23:00:00Z", 3)).containsExactly(Instant.parse("2030-03-31T00:00:00Z"),
                Instant.parse("2030-03-31T01:00:00Z"), Instant.parse("2030-03-31T02:00:00Z"));
    }

    private static List<Instant> fires(Recurrence recurrence, String after, int count) {
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            t = recurrence.next(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    private static List<String> local(List<Instant> instants) {
        return instants.stream().map(i -> ZonedDateTime.ofInstant(i, BERLIN).toOffsetDateTime().toString()).toList();
    }
}
