package io.taskline.producer;

import io.taskline.retry.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When a task runs: as soon as a worker takes it, after a delay, or at a time. A delay is measured
 * from the publisher's clock when the task is published; a time in the past runs at once.
 *
 * <p>Usage: {@code TaskRequest.to("emails").type("reminder").payload(p).delay(Duration.ofMinutes(30)).build()}, or
 * {@code RunTime.of(delay, at).dueAt(clock.instant())} to check options before publishing.
 */
public final class RunTime {

    /** How far ahead a task may be due: longer waits belong in a scheduler, not a queue. */
    public static final Duration MAX_AHEAD = Duration.ofDays(365);

    /** The refusal of a delay together with a run time. */
    static final String BOTH = "give a delay or a run time, not both";
    private static final RunTime NOW = new RunTime(null, null);

    private final Duration delay;
    private final Instant at;

    private RunTime(Duration delay, Instant at) {
        this.delay = delay;
        this.at = at;
    }

    /** Runs as soon as a worker takes it. */
    public static RunTime now() {
        return NOW;
    }

    /**
     * Runs {@code delay} after it is published.
     *
     * @throws InvalidTaskException when the delay is zero, negative or more than {@link #MAX_AHEAD}
     */
    public static RunTime after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isZero() || delay.isNegative()) {
            throw new InvalidTaskException("delay must be more than zero, was " + Durations.format(delay));
        }
        if (delay.compareTo(MAX_AHEAD) > 0) {
            throw new InvalidTaskException("delay of " + Durations.format(delay) + " is more than "
                    + Durations.format(MAX_AHEAD) + " ahead");
        }
        return new RunTime(delay, null);
    }

    /** Runs at {@code time}, or at once if that has passed; checked against the clock by {@link #dueAt}. */
    public static RunTime at(Instant time) {
        return new RunTime(null, Objects.requireNonNull(time, "time"));
    }

    /**
     * The run time of a delay or a time, either of which may be null (both null: now).
     *
     * @throws InvalidTaskException when both are given, or the delay is out of range
     */
    public static RunTime of(Duration delay, Instant time) {
        if (delay != null && time != null) {
            throw new InvalidTaskException(BOTH);
        }
        return delay != null ? after(delay) : time != null ? at(time) : NOW;
    }

    /** True for a delay or a time; false for now. */
    public boolean isDelayed() {
        return delay != null || at != null;
    }

    /**
     * The instant the task is due when published at {@code now}, or null to run at once. The
     * envelope keeps milliseconds, so a finer time is rounded up: never before the time asked for.
     *
     * @throws InvalidTaskException when the time is more than {@link #MAX_AHEAD} after {@code now}
     */
    public Instant dueAt(Instant now) {
        if (delay != null) {
            return toMillisUp(now.plus(delay));
        }
        if (at != null && at.isAfter(now.plus(MAX_AHEAD))) {
            throw new InvalidTaskException("run time " + at + " is more than " + Durations.format(MAX_AHEAD)
                    + " ahead");
        }
        return at == null ? null : toMillisUp(at);
    }

    private static Instant toMillisUp(Instant time) {
        Instant millis = time.truncatedTo(ChronoUnit.MILLIS);
        return millis.equals(time) ? time : millis.plusMillis(1);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunTime r && Objects.equals(delay, r.delay) && Objects.equals(at, r.at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delay, at);
    }

    @Override
    public String toString() {
        return delay != null ? "after " + Durations.format(delay) : at != null ? "at " + at : "now";
    }
}
