package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code publish --delay} and {@code --at} mistakes: each a one-line usage error, found before connecting. */
class PublishRunTimeTest {

    // Nothing listens here; every run below must fail before connecting.
    private static final String NOWHERE = "127.0.0.1:1";

    private static Cli.Run publish(String... runTime) {
        List<String> args = new ArrayList<>(List.of("publish", "--queue", "q", "--type", "echo",
                "--payload-json", "{\"message\": \"later\"}", "--bootstrap-servers", NOWHERE));
        args.addAll(List.of(runTime));
        return Cli.run(args.toArray(String[]::new));
    }

    private static void assertUsageError(Cli.Run run, String message) {
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: " + message + " (see 'taskline publish --help')");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aZeroDelayIsRefused() {
        assertUsageError(publish("--delay", "0s"), "--delay must be more than zero, was 0s");
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertUsageError(publish("--delay", "-5s"), "--delay must be more than zero, was -5s");
    }

    @Test
    void anUnreadableDelayIsRefusedWithTheFormsThatWork() {
        assertUsageError(publish("--delay", "soon"),
                "--delay: 'soon' is not a duration (use e.g. 500ms, 5s, 1m, 2h, 7d)");
    }

    @Test
    void aDelayOfMoreThanAYearIsRefused() {
        assertUsageError(publish("--delay", "400d"), "--delay: delay of 400d is more than 365d ahead");
    }

    @Test
    void aDelayAndATimeTogetherAreRefused() {
        assertUsageError(publish("--delay", "10s", "--at", "2030-01-31T09:00:00Z"),
                "--delay and --at cannot be combined: give one");
    }

    @Test
    void aTimeThatIsNotIso8601IsRefused() {
        assertUsageError(publish("--at", "tomorrow"), "--at: 'tomorrow' is not an ISO-8601 time with an offset"
                + " (e.g. 2030-01-31T09:00:00Z or 2030-01-31T10:00:00+01:00)");
    }

    @Test
    void aTimeWithoutAnOffsetIsRefused() {
        assertThat(publish("--at", "2030-01-31T09:00:00").errLines()).singleElement().asString()
                .startsWith("error: --at: '2030-01-31T09:00:00' is not an ISO-8601 time with an offset");
    }

    @Test
    void aTimeMoreThanAYearAheadIsRefused() {
        Instant farAhead = Instant.now().plus(Duration.ofDays(400)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        assertUsageError(publish("--at", farAhead.toString()),
                "--at: run time " + farAhead + " is more than 365d ahead");
    }
}
