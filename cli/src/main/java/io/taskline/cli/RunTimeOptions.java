package io.taskline.cli;

import io.taskline.producer.InvalidTaskException;
import io.taskline.producer.RunTime;
import io.taskline.retry.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that run a published task later: {@code --delay 30s} or {@code --at 2030-01-31T09:00:00Z}.
 * Each mistake is a usage error naming its option, found before anything connects to Kafka.
 *
 * <p>Usage: {@code @Mixin RunTimeOptions later;} then {@code request.runTime(later.runTime(Instant.now()))}.
 */
public final class RunTimeOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--delay", paramLabel = "DURATION",
            description = "Run the task this long after publishing: 500ms, 30s, 5m, 2h, 7d (at most 365d).")
    private String delay;

    @Option(names = "--at", paramLabel = "TIME", description = "Run the task at this ISO-8601 time with an offset, "
            + "e.g. 2030-01-31T09:00:00Z or 2030-01-31T10:00:00+01:00; a time that has passed runs at once.")
    private String at;

    /**
     * When the task runs, checked as if published at {@code now}.
     *
     * @throws ParameterException naming the option that is wrong
     */
    public RunTime runTime(Instant now) {
        if (delay != null && at != null) {
            throw usage("--delay and --at cannot be combined: give one");
        }
        if (delay != null) {
            return checked("--delay", () -> RunTime.after(parseDelay(delay)), now);
        }
        if (at != null) {
            return checked("--at", () -> RunTime.at(parseAt(at)), now);
        }
        return RunTime.now();
    }

    private Duration parseDelay(String text) {
        if (text.trim().startsWith("-")) {
            throw usage("--delay must be more than zero, was " + text.trim());
        }
        Duration parsed;
        try {
            parsed = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--delay: " + e.getMessage());
        }
        if (parsed.isZero()) {
            throw usage("--delay must be more than zero, was " + text.trim());
        }
        return parsed;
    }

    private Instant parseAt(String text) {
        try {
            return ZonedDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw usage("--at: '" + text + "' is not an ISO-8601 time with an offset (e.g. 2030-01-31T09:00:00Z"
                    + " or 2030-01-31T10:00:00+01:00)");
        }
    }

    private RunTime checked(String option, Supplier<RunTime> parse, Instant now) {
        try {
            RunTime runTime = parse.get();
            runTime.dueAt(now);
            return runTime;
        } catch (InvalidTaskException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
