package io.taskline.processors.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * When one running attempt times out. The handler's thread may push it later
 * ({@code ctx.extendTimeout}); the stream thread reads it, so it is volatile.
 *
 * <p>Usage: {@code AttemptDeadline d = AttemptDeadline.after(Duration.ofMinutes(5), clock); d.isPast()}.
 */
public final class AttemptDeadline {

    private final Clock clock;
    private volatile long atMillis;
    private volatile Duration granted;

    private AttemptDeadline(Clock clock, Duration timeout) {
        this.clock = clock;
        this.granted = timeout;
        this.atMillis = clock.millis() + timeout.toMillis();
    }

    /** A deadline {@code timeout} from now. */
    public static AttemptDeadline after(Duration timeout, Clock clock) {
        return new AttemptDeadline(clock, timeout);
    }

    /** Moves the deadline to now + {@code extension} (never earlier than it was). */
    public void extend(Duration extension) {
        if (extension.isNegative()) {
            throw new IllegalArgumentException("a timeout extension cannot be negative: " + extension);
        }
        long proposed = clock.millis() + extension.toMillis();
        if (proposed > atMillis) {
            granted = Duration.ofMillis(proposed - atMillis).plus(granted);
            atMillis = proposed;
        }
    }

    /** The deadline, in epoch milliseconds of its clock. */
    public long atMillis() {
        return atMillis;
    }

    /** True once the deadline has passed. */
    public boolean isPast() {
        return clock.millis() > atMillis;
    }

    /** Time left, zero when past. */
    public Duration remaining() {
        return Duration.ofMillis(Math.max(0, atMillis - clock.millis()));
    }

    /** The whole time this attempt was allowed, extensions included. */
    public Duration granted() {
        return granted;
    }
}
