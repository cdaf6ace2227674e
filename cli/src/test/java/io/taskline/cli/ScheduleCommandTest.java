package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code taskline schedule add} refuses bad input with one line and exit 2 before it connects to
 * Kafka (the bootstrap servers here lead nowhere).
 */
class ScheduleCommandTest {

    private static Cli.Run add(String... options) {
        List<String> args = new ArrayList<>(List.of("schedule", "add", "--id", "nightly", "--queue", "reports",
                "--type", "report", "--bootstrap-servers", "127.0.0.1:1"));
        args.addAll(List.of(options));
        if (!args.contains("--payload-json")) {
            args.addAll(List.of("--payload-json", "{}"));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 6 * *     | error: invalid cron expression '0 6 * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4",
        "0 6 * * * * | error: invalid cron expression '0 6 * * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 6",
        "61 * * * *  | error: invalid cron expression '61 * * * *': Value 61 not in range [0, 59]",
        "@reboot     | error: invalid cron expression '@reboot': unknown macro (use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly)"})
    void aBadCronExpressionIsOneLineAndExitTwo(String cron, String error) {
        Cli.Run run = add("--cron", cron);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(error);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownZoneIsExitTwo() {
        Cli.Run run = add("--cron", "0 6 * * *", "--zone", "Mars/Olympus");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(
                "error: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--every,10 | error: --every: '10' is not a duration (use e.g. 500ms, 5s, 1m, 2h, 7d)",
        "--every,500ms | error: --every must be at least 1s, was 500ms",
        "--every,10s,--zone,Europe/Berlin | error: --zone applies to --cron only: --every counts elapsed time",
        "--every,10s,--misfire,sometimes | error: --misfire must be fire-once, skip or fire-all, was 'sometimes'"})
    void aBadRateZoneMisfireOrPayloadIsOneLineAndExitTwo(String options, String error) {
        Cli.Run run = add(options.split(","));

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly(error);
    }

    @Test
    void aMalformedPayloadIsOneLineAndExitTwo() {
        Cli.Run run = add("--every", "10s", "--payload-json", "{");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).singleElement().asString().startsWith("error: malformed JSON: Unexpected end-of-input");
    }

    @Test
    void cronAndEveryTogetherOrNeitherIsAUsageError() {
        Cli.Run both = add("--cron", "0 6 * * *", "--every", "10s");
        Cli.Run neither = add();

        assertThat(both.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.errLines()).singleElement().asString().contains("mutually exclusive");
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(neither.errLines()).singleElement().asString().contains("--cron", "--every");
    }

    @Test
    void theScheduleCommandsAreListedInHelp() {
        Cli.Run run = Cli.run("schedule", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("add", "list", "pause", "resume", "trigger", "remove");
    }
}
