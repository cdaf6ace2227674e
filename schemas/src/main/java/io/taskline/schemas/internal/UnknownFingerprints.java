package io.taskline.schemas.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Fingerprints a registry looked for in its topic and did not find, and when each may be looked
 * for again. The second look comes at once (a schema registered just after a miss is found on the
 * next lookup); after that the looks back off, 10 ms doubling up to 1 s. So a burst of records
 * written with a schema nobody registered costs about one read of the topic per second, not one
 * per record, each on the worker's stream thread. Remembers the last {@link #CAPACITY}
 * fingerprints missed.
 *
 * <p>Usage: {@code if (unknown.mayLookAgain(f)) { readTopic(); if (missing) unknown.missed(f); else unknown.found(f); }}
 */
public final class UnknownFingerprints {

    /** How long the third look waits after the second; each later wait doubles. */
    public static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    /** The longest wait between two looks for the same fingerprint. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /** How many missed fingerprints are remembered; the least recently missed is forgotten first. */
    public static final int CAPACITY = 1024;

    private final LongSupplier nanoTime;
    private final Map<Long, Miss> misses = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Miss> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Tracks misses on {@code nanoTime} (e.g. {@code System::nanoTime}). */
    public UnknownFingerprints(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** True when {@code fingerprint} was never missed, or its wait since the last miss is over. */
    public synchronized boolean mayLookAgain(long fingerprint) {
        Miss miss = misses.get(fingerprint);
        return miss == null || nanoTime.getAsLong() - miss.nextLookNanos >= 0;
    }

    /** {@code fingerprint} was looked for and not found. */
    public synchronized void missed(long fingerprint) {
        Miss miss = misses.computeIfAbsent(fingerprint, f -> new Miss());
        miss.count++;
        miss.nextLookNanos = nanoTime.getAsLong() + backoff(miss.count).toNanos();
    }

    /** {@code fingerprint} was found: later misses start over. */
    public synchronized void found(long fingerprint) {
        misses.remove(fingerprint);
    }

    /** The wait after the {@code count}-th miss in a row: none after the first. */
    static Duration backoff(int count) {
        if (count <= 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(count - 2, 30);
        long millis = FIRST_BACKOFF.toMillis() << doublings;
        return millis >= MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(millis);
    }

    private static final class Miss {
        int count;
        long nextLookNanos;
    }
}
