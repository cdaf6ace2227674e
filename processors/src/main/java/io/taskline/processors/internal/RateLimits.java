package io.taskline.processors.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The rate limits of one worker, read from its properties: {@code ratelimit.<name>=<permits>/<period>}
 * and optionally {@code ratelimit.<name>.scope=worker|cluster}. A task under a limit reserves a
 * permit and waits the time it is told; it never fails for a limit. Thread-safe.
 *
 * <p>Permits are spaced evenly: {@code 20/1s} grants one permit every 50 ms, so any one-second
 * window holds at most 20 (21 counting both ends). A cluster-scope limit on {@code n} live workers
 * grants one permit every {@code period * n / permits} per worker, rounded up to the nanosecond, so
 * the cluster's average rate never exceeds the limit; one window of a period may still see up to
 * one extra permit per worker, as the workers' spacings are not aligned. Starts keep the spacing
 * too ({@link #tryStart}): a task whose permit came due while its thread was busy starts one
 * spacing after the last start, not together with it.
 *
 * <p>Usage: {@code RateLimits limits = RateLimits.from(props); long waitNanos = limits.reserve("smtp");}
 */
public final class RateLimits {

    private final Map<String, LiveRateLimit> limits;

    private RateLimits(Map<String, LiveRateLimit> limits) {
        this.limits = limits;
    }

    /** The limits in a worker's raw properties; other keys are ignored, a bad limit key throws. */
    public static RateLimits from(Map<String, String> props) {
        return from(props, System::nanoTime);
    }

    /** As {@link #from(Map)}, with the clock the limiters read; for tests. */
    public static RateLimits from(Map<String, String> props, Supplier<Long> nanoClock) {
        Map<String, LiveRateLimit> limits = new TreeMap<>();
        RateLimitKeys.specs(props).forEach(spec -> limits.put(spec.name(), new LiveRateLimit(spec, nanoClock)));
        return new RateLimits(Collections.unmodifiableMap(limits));
    }

    /** Whether no limit is configured. */
    public boolean isEmpty() {
        return limits.isEmpty();
    }

    /** The names of the configured limits, sorted. */
    public Set<String> names() {
        return limits.keySet();
    }

    /** The configuration of a limit; an unknown name throws {@link IllegalArgumentException}. */
    public RateLimitSpec spec(String name) {
        return limit(name).spec();
    }

    /**
     * Reserves one permit of a limit and returns the nanoseconds to wait before using it, 0 for
     * now. Never blocks and never fails for a busy limit; an unknown name throws
     * {@link IllegalArgumentException}.
     */
    public long reserve(String name) {
        return limit(name).reserve();
    }

    /**
     * Records a start under every limit in {@code names} and returns 0, or, when a start under one
     * of them came less than one spacing ago, records nothing and returns the nanoseconds until
     * the task may start. Reservations space permits; this spaces the starts themselves, which a
     * busy thread can reach late and together. Atomic across threads; an unknown name throws
     * {@link IllegalArgumentException}.
     */
    public synchronized long tryStart(Collection<String> names) {
        long gap = 0;
        for (String name : names) {
            gap = Math.max(gap, limit(name).startGap());
        }
        if (gap == 0) {
            names.forEach(name -> limit(name).started());
        }
        return gap;
    }

    /**
     * Sets how many live workers share the cluster-scope limits, at least 1. Each such limit is
     * re-divided from its configured rate on every change; worker-scope limits are unchanged.
     */
    public void instances(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("instances must be at least 1, not " + n);
        }
        limits.values().forEach(limit -> limit.instances(n));
    }

    /** Per limit, how many reservations had to wait and for how long in total, by name. */
    public Map<String, RateLimitWaits> waits() {
        Map<String, RateLimitWaits> out = new LinkedHashMap<>();
        limits.forEach((name, limit) -> out.put(name, limit.waits()));
        return out;
    }

    private LiveRateLimit limit(String name) {
        LiveRateLimit limit = limits.get(name);
        if (limit == null) {
            throw new IllegalArgumentException("no rate limit named '" + name + "' ("
                    + (limits.isEmpty() ? "none are configured" : "known: " + String.join(", ", limits.keySet()))
                    + ")");
        }
        return limit;
    }
}
