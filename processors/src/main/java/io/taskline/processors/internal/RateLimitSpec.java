package io.taskline.processors.internal;

import io.taskline.retry.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured rate limit: at most {@code permits} tasks per {@code period}, for one worker or
 * for the whole cluster. Written in a worker's properties as {@code ratelimit.<name>=50/1s} and
 * optionally {@code ratelimit.<name>.scope=cluster}.
 *
 * <p>Usage: {@code RateLimitSpec.parse("smtp", "50/1s", "cluster")}.
 *
 * @param name the limit's name, the {@code <name>} of its key: letters, digits, '-' and '_'
 * @param permits how many tasks may start per period, at least 1
 * @param period the length of that period, longer than 0
 * @param scope whether one worker or the whole cluster shares the limit
 */
public record RateLimitSpec(String name, int permits, Duration period, RateLimitScope scope) {

    /** The prefix of every rate-limit key. */
    public static final String KEY_PREFIX = "ratelimit.";
    /** The suffix of a limit's scope key, after its name. */
    public static final String SCOPE_SUFFIX = ".scope";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PERMITS = Pattern.compile("\\d{1,10}");
    /** The longest period a limit may have, so that its spacing fits in nanoseconds. */
    public static final Duration MAX_PERIOD = Duration.ofDays(36_500);

    private static final String SYNTAX = "<permits>/<period> such as 50/1s";

    /** Checks the parts; an error names the limit's key and what is wrong. */
    public RateLimitSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(scope, "scope");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(KEY_PREFIX + name
                    + ": a rate limit's name uses only letters, digits, '-' and '_'");
        }
        if (permits < 1) {
            throw new IllegalArgumentException(KEY_PREFIX + name + ": permits must be at least 1, not " + permits);
        }
        if (period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(KEY_PREFIX + name + ": period must be longer than 0 and at most "
                    + Durations.format(MAX_PERIOD) + ", not " + period);
        }
    }

    /**
     * Parses a limit from its value ({@code 50/1s}, {@code 1000/1m}, {@code 5/500ms}; the period as
     * {@link Durations#parse}) and scope ({@code worker}, the default when null, or {@code cluster}).
     * A bad value throws {@link IllegalArgumentException} with a one-line message naming the key.
     */
    public static RateLimitSpec parse(String name, String value, String scope) {
        String key = KEY_PREFIX + name;
        String text = value == null ? "" : value.trim();
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not " + SYNTAX);
        }
        return new RateLimitSpec(name, permits(key, text, parts[0].trim()), period(key, text, parts[1].trim()),
                scope(key, scope));
    }

    /**
     * The time between two permits on one worker when {@code instances} workers are live: the period
     * divided by the permits; for a cluster-scope limit on n > 1 workers, divided by each worker's
     * share instead. Workers do not line up their permits, and one worker's starts can fall one
     * more into a window than its even share (a window holds both ends of its permit spacing), so
     * each worker's share is {@code (permits + 1) / n - 1} per period: then no window of one period
     * sees more than {@code permits + 1} starts in the whole cluster. That costs {@code 1 - 1/permits}
     * of the rate on two workers and more on many; the share never drops below half of
     * {@code permits / n}. Rounded up to the next nanosecond.
     */
    public Duration spacing(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, not " + instances);
        }
        if (scope == RateLimitScope.WORKER || instances == 1) {
            return Duration.ofNanos(-Math.floorDiv(-period.toNanos(), (long) permits));
        }
        double share = Math.max((permits + 1.0) / instances - 1.0, permits / (2.0 * instances));
        double nanos = Math.ceil(period.toNanos() / share);
        return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos((long) nanos);
    }

    private static int permits(String key, String text, String permits) {
        if (!PERMITS.matcher(permits).matches() || Long.parseLong(permits) < 1
                || Long.parseLong(permits) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ": permits '" + permits + "' in '" + text
                    + "' must be a whole number from 1 to " + Integer.MAX_VALUE);
        }
        return Integer.parseInt(permits);
    }

    private static Duration period(String key, String text, String period) {
        Duration parsed;
        try {
            parsed = Durations.parse(period);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": period '" + period + "' in '" + text
                    + "' is not a duration such as 500ms, 1s, 1m, 1h or 1d");
        }
        if (parsed.isZero()) {
            throw new IllegalArgumentException(key + ": period '" + period + "' in '" + text
                    + "' must be longer than 0");
        }
        if (parsed.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(key + ": period '" + period + "' in '" + text
                    + "' is too long; the most is " + Durations.format(MAX_PERIOD));
        }
        return parsed;
    }

    private static RateLimitScope scope(String key, String scope) {
        if (scope == null) {
            return RateLimitScope.WORKER;
        }
        return switch (scope.trim().toLowerCase(Locale.ROOT)) {
            case "worker" -> RateLimitScope.WORKER;
            case "cluster" -> RateLimitScope.CLUSTER;
            default -> throw new IllegalArgumentException(key + SCOPE_SUFFIX + ": '" + scope
                    + "' is not worker or cluster");
        };
    }
}
