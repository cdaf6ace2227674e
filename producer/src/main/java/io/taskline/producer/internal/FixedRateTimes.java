package io.taskline.producer.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fire times on a fixed grid, {@code start + k * period} for {@code k >= 1}: elapsed time, so a
 * daylight-saving change in any zone moves nothing.
 */
public final class FixedRateTimes implements FireTimes {

    private final Instant start;
    private final long periodMs;

    /** The grid of {@code period} from {@code start}. */
    public FixedRateTimes(Instant start, Duration period) {
        this.start = start;
        this.periodMs = period.toMillis();
    }

    @Override
    public Optional<Instant> next(Instant after) {
        long elapsed = after.toEpochMilli() - start.toEpochMilli();
        long k = elapsed < periodMs ? 1 : Math.floorDiv(elapsed, periodMs) + 1;
        return Optional.of(start.plusMillis(k * periodMs));
    }
}
