package io.taskline.cli.dlq;

import io.taskline.dlq.DeadLetter;
import io.taskline.dlq.DeadLetterFilter;
import io.taskline.dlq.InstantParser;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The filters {@code dlq list} and {@code dlq replay} share; every one given must match.
 *
 * <p>Usage: {@code @Mixin DlqFilterOptions filters;} then {@code filters.filter(Clock.systemUTC())}.
 */
public final class DlqFilterOptions {

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only this task type; " + DeadLetter.UNDECODABLE_TYPE + " for records that could not be decoded.")
    private String type;

    @Option(names = "--key", paramLabel = "KEY", description = "Only this ordering key.")
    private String key;

    @Option(names = "--error", paramLabel = "TEXT",
            description = "Only when the last error's class or message contains TEXT (any case).")
    private String error;

    @Option(names = "--error-class", paramLabel = "CLASS",
            description = "Only when the last error is CLASS, fully qualified or simple name.")
    private String errorClass;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only dead at or after WHEN: a time ago (30m, 2h, 7d) or ISO-8601 (2026-01-31T12:00:00Z).")
    private String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only dead before WHEN (ISO-8601, or a time ago).")
    private String until;

    @Option(names = "--id", paramLabel = "ID", description = "Only task ID.")
    private String id;

    /**
     * The filter the options describe, durations measured back from {@code clock}.
     *
     * @throws IllegalArgumentException naming the option whose value is wrong
     */
    public DeadLetterFilter filter(Clock clock) {
        InstantParser parser = new InstantParser(clock);
        return DeadLetterFilter.builder().type(type).key(key).errorText(error).errorClass(errorClass)
                .since(instant(parser, "--since", since)).until(instant(parser, "--until", until)).id(id).build();
    }

    private static Instant instant(InstantParser parser, String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
