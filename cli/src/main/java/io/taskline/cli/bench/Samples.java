package io.taskline.cli.bench;

import java.util.Arrays;

/**
 * Latency samples in milliseconds, in one growing array of doubles. A boxed sample per task in a
 * queue kept every sample alive as its own objects in the JVM that also runs the worker: G1
 * copied them from survivor space to survivor space at each young collection, and those pauses
 * were the tail being measured (BENCHMARKS.md). Safe for the handler threads to share.
 *
 * <p>Usage: {@code samples.add(nowMillis - publishedMillis); ... samples.latencies().percentile(99)}
 */
final class Samples {

    private double[] values = new double[4096];
    private int count;

    /** Records one sample. */
    synchronized void add(double millis) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = millis;
    }

    /** The samples so far. */
    synchronized Latencies latencies() {
        return Latencies.of(Arrays.copyOf(values, count));
    }
}
