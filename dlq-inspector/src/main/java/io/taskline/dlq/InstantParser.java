package io.taskline.dlq;

import io.taskline.retry.Durations;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Reads the time bounds of {@code --since} and {@code --until}: a duration ago ({@code 30m},
 * {@code 2h}, {@code 7d}, measured from an injected clock) or an ISO-8601 time
 * ({@code 2026-01-31T12:00:00Z}, {@code 2026-01-31T13:00:00+01:00}; without an offset,
 * {@code 2026-01-31T12:00} and {@code 2026-01-31} are read as UTC).
 *
 * <p>Usage: {@code Instant since = new InstantParser(Clock.systemUTC()).parse("2h");}
 */
public final class InstantParser {

    private final Clock clock;

    /** A parser measuring durations back from {@code clock}. */
    public InstantParser(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The instant {@code text} names.
     *
     * @throws IllegalArgumentException quoting the text when it is neither a duration nor ISO-8601
     */
    public Instant parse(String text) {
        String t = text == null ? "" : text.trim();
        Duration ago = null;
        try {
            ago = Durations.parse(t);
        } catch (IllegalArgumentException notADuration) {
            // try ISO-8601 below
        }
        if (ago != null) {
            try {
                return clock.instant().minus(ago);
            } catch (DateTimeException | ArithmeticException tooFar) {
                throw new IllegalArgumentException("'" + text + "' ago is before the earliest time there is");
            }
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // try the forms below
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // try the forms below
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try the form below
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw refused(text);
        }
    }

    private static IllegalArgumentException refused(String text) {
        return new IllegalArgumentException("'" + text + "' is neither a duration ago (e.g. 30m, 2h, 7d) nor an"
                + " ISO-8601 time (e.g. 2026-01-31T12:00:00Z)");
    }
}
