package io.taskline.processors.internal;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One rate limit in use on this worker: a resilience4j {@link AtomicRateLimiter} that hands out one
 * permit every {@link RateLimitSpec#spacing spacing}, so permits are spread evenly instead of
 * bursting at period boundaries, plus counters of the waits it imposed.
 *
 * <p>Usage: {@code long waitNanos = new LiveRateLimit(spec, System::nanoTime).reserve();}
 */
final class LiveRateLimit {

    /** The longest wait a reservation is told; a longer backlog is not tracked exactly. */
    static final Duration MAX_WAIT = Duration.ofDays(1);

    /** The limiter for one number of live instances; replaced whole when that number changes. */
    private record Split(int instances, AtomicRateLimiter limiter) {
    }

    private final RateLimitSpec spec;
    private final Supplier<Long> nanoClock;
    private final AtomicReference<Split> current;
    private final LongAdder waits = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    /** When the last permit handed out may be used, on the nano clock; guarded by this. */
    private long lastPermitAt;
    private boolean anyPermit;
    /** When the last task under this limit started, on the nano clock; guarded by this. */
    private long lastStartAt;
    private boolean anyStart;

    LiveRateLimit(RateLimitSpec spec, Supplier<Long> nanoClock) {
        this.spec = spec;
        this.nanoClock = nanoClock;
        this.current = new AtomicReference<>(new Split(1, limiter(1)));
    }

    RateLimitSpec spec() {
        return spec;
    }

    /** Reserves the next permit and returns the nanoseconds until it may be used; never blocks. */
    long reserve() {
        Split split = current.get();
        long nanos = split.limiter().reservePermission();
        if (nanos < 0) {
            // Over a day of backlog: resilience4j reserved nothing; the caller still waits, the longest we tell.
            nanos = MAX_WAIT.toNanos();
        }
        nanos = spaced(nanos, spec.spacing(split.instances()).toNanos());
        if (nanos > 0) {
            waits.increment();
            waitedNanos.add(nanos);
        }
        return nanos;
    }

    /**
     * Re-divides a cluster-scope limit among {@code instances} live workers. The new limiter starts
     * where the old one's reservations end, so permits already handed out are not granted twice.
     */
    synchronized void instances(int instances) {
        Split old = current.get();
        if (old.instances() == instances) {
            return;
        }
        if (spec.spacing(instances).equals(spec.spacing(old.instances()))) {
            current.set(new Split(instances, old.limiter()));
            return;
        }
        AtomicRateLimiter next = limiter(instances);
        carryBacklog(old.limiter(), next);
        current.set(new Split(instances, next));
    }

    /**
     * The limiter's cycles are fixed slots: a permit taken late in one slot and the next taken at
     * the start of the following slot can be nearly simultaneous. Never hand out a permit closer
     * than one spacing to the previous one, so starts are evenly spread in every window.
     */
    private synchronized long spaced(long nanos, long spacing) {
        long now = nanoClock.get();
        long at = now + nanos;
        if (anyPermit && at - (lastPermitAt + spacing) < 0) {
            at = lastPermitAt + spacing;
        }
        anyPermit = true;
        lastPermitAt = at;
        return at - now;
    }

    /** Nanoseconds until a start keeps one spacing from the last one recorded, 0 for now. */
    synchronized long startGap() {
        if (!anyStart) {
            return 0;
        }
        long spacing = spec.spacing(current.get().instances()).toNanos();
        return Math.max(0, lastStartAt + spacing - nanoClock.get());
    }

    /** Records a start now. */
    synchronized void started() {
        anyStart = true;
        lastStartAt = nanoClock.get();
    }

    RateLimitWaits waits() {
        return new RateLimitWaits(waits.sum(), waitedNanos.sum());
    }

    private AtomicRateLimiter limiter(int instances) {
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(spec.spacing(instances))
                .timeoutDuration(MAX_WAIT)
                .build();
        return new AtomicRateLimiter(RateLimitSpec.KEY_PREFIX + spec.name(), config, nanoClock);
    }

    /** Reserves on {@code next} the stretch of time that {@code old} has already promised away. */
    private static void carryBacklog(AtomicRateLimiter old, AtomicRateLimiter next) {
        long backlog = old.getDetailedMetrics().getNanosToWait();
        if (backlog <= 0) {
            return;
        }
        long spacing = next.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        long permits = -Math.floorDiv(-backlog, spacing);
        // resilience4j counts permits in an int; a backlog that long is beyond MAX_WAIT anyway.
        next.reservePermission((int) Math.min(permits, Integer.MAX_VALUE / 2));
    }
}
