package io.taskline.cli.bench;

import java.util.Arrays;
import java.util.List;

/**
 * A set of measured durations in milliseconds and their percentiles (nearest rank).
 *
 * <p>Usage: {@code Latencies l = Latencies.of(samples); l.percentile(99);}
 */
public final class Latencies {

    private final double[] sorted;

    private Latencies(double[] sorted) {
        this.sorted = sorted;
    }

    /** The samples, in milliseconds, in any order. */
    public static Latencies of(double[] millis) {
        double[] copy = millis.clone();
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    /** The samples of all of {@code parts} together. */
    public static Latencies merge(List<Latencies> parts) {
        return new Latencies(parts.stream().flatMapToDouble(part -> Arrays.stream(part.sorted)).sorted().toArray());
    }

    /** How many samples there are. */
    public int count() {
        return sorted.length;
    }

    /** The nearest-rank percentile {@code p} (0 < p ≤ 100), or NaN without samples. */
    public double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        // The small epsilon keeps 99.9% of 1000 at rank 999 despite floating-point error.
        int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The largest sample, or NaN without samples. */
    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /** How many samples are below {@code limit}. */
    public long below(double limit) {
        return Arrays.stream(sorted).filter(v -> v < limit).count();
    }
}
