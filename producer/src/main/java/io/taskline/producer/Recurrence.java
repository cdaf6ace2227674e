package io.taskline.producer;

import io.taskline.producer.internal.CronTimes;
import io.taskline.producer.internal.FireTimes;
import io.taskline.producer.internal.FixedRateTimes;
import io.taskline.retry.Durations;
import io.taskline.schemas.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule fires: a 5-field Unix cron expression (or {@code @hourly}, {@code @daily},
 * {@code @weekly}, {@code @monthly}, {@code @yearly}) read in a time zone, or a fixed rate. Cron
 * follows daylight-saving changes as cron does (see {@code docs/recurring-tasks.md}); a fixed rate
 * counts elapsed time from the moment the schedule is added.
 *
 * <p>Usage: {@code Recurrence.cron("0 6 * * *", ZoneId.of("Europe/Berlin")).next(Instant.now())}, or
 * {@code Recurrence.every(Duration.ofMinutes(5))}. Bad input throws {@link IllegalArgumentException}
 * with one line that says what is wrong.
 */
public final class Recurrence {

    /** The shortest fixed rate: workers look for due schedules a few times a second. */
    public static final Duration MIN_EVERY = Duration.ofSeconds(1);

    private final String cron;
    private final ZoneId zone;
    private final Duration every;
    private final Instant start;
    private final FireTimes times;

    private Recurrence(String cron, ZoneId zone, Duration every, Instant start, FireTimes times) {
        this.cron = cron;
        this.zone = zone;
        this.every = every;
        this.start = start;
        this.times = times;
    }

    /** A cron expression read in {@code zone}; throws {@link IllegalArgumentException} when it is not valid. */
    public static Recurrence cron(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String text = expression == null ? "" : expression.trim();
        return new Recurrence(text, zone, null, null, CronTimes.parse(text, zone));
    }

    /** A cron expression read in the zone named {@code zone} (IANA, e.g. {@code Europe/Berlin}). */
    public static Recurrence cron(String expression, String zone) {
        return cron(expression, zone(zone));
    }

    /** Every {@code period}, counted from the moment the schedule is added; at least {@link #MIN_EVERY}. */
    public static Recurrence every(Duration period) {
        return every(period, Instant.EPOCH);
    }

    /** The recurrence a stored schedule describes. */
    public static Recurrence of(Schedule schedule) {
        return schedule.getEveryMs() != null
                ? every(Duration.ofMillis(schedule.getEveryMs()), schedule.getStartsAt())
                : cron(schedule.getCron(), schedule.getZone());
    }

    private static Recurrence every(Duration period, Instant start) {
        if (period == null || period.compareTo(MIN_EVERY) < 0) {
            throw new IllegalArgumentException("--every must be at least " + Durations.format(MIN_EVERY) + ", was "
                    + (period == null ? "nothing" : Durations.format(period)));
        }
        return new Recurrence(null, ZoneOffset.UTC, period, start, new FixedRateTimes(start, period));
    }

    /** The same fixed rate counted from {@code value}; a cron recurrence is returned as it is. */
    public Recurrence startingAt(Instant value) {
        return every == null ? this : new Recurrence(null, zone, every, value, new FixedRateTimes(value, every));
    }

    /** The zone named {@code name}; throws {@link IllegalArgumentException} for an unknown one. */
    public static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + name + "' (use an IANA name such as Europe/Berlin)");
        }
    }

    /** The first fire time strictly after {@code after}, or empty when it never fires again. */
    public Optional<Instant> next(Instant after) {
        return times.next(after);
    }

    /** The cron expression, or empty for a fixed rate. */
    public Optional<String> cron() {
        return Optional.ofNullable(cron);
    }

    /** The fixed rate, or empty for cron. */
    public Optional<Duration> every() {
        return Optional.ofNullable(every);
    }

    /** The zone a cron expression is read in (UTC for a fixed rate). */
    public ZoneId zone() {
        return zone;
    }

    /** For people: {@code cron "0 6 * * *" Europe/Berlin} or {@code every 10s}. */
    @Override
    public String toString() {
        return every != null ? "every " + Durations.format(every) : "cron \"" + cron + "\" " + zone.getId();
    }
}
