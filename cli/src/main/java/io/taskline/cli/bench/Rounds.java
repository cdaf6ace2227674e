package io.taskline.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rates one throughput scenario gave in rounds that alternate with its baseline's, and the
 * median that is reported. One short backlog on this machine measured anywhere between 15,000 and
 * 39,000 no-op tasks/s within a single JVM, so a single round says more about the moment than
 * about the worker.
 *
 * <p>Usage: {@code Rounds alo = new Rounds(); alo.add(14_921); alo.add(22_003); alo.median();}
 */
final class Rounds {

    private final List<Double> rates = new ArrayList<>();
    private double peakHeapMb = Double.NaN;
    private double peakRssMb = Double.NaN;

    /** Adds a round's rate and the memory peaks {@link PeakMemory} saw since its last reset. */
    void add(double rate) {
        rates.add(rate);
        peakHeapMb = max(peakHeapMb, PeakMemory.heapMb());
        peakRssMb = max(peakRssMb, PeakMemory.rssMb());
    }

    /** The middle rate (the mean of the two middle ones for an even count); NaN without rounds. */
    double median() {
        if (rates.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = rates.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** The index of the round whose rate is nearest the median (the first such round). */
    int medianRound() {
        double median = median();
        int best = 0;
        for (int i = 1; i < rates.size(); i++) {
            if (Math.abs(rates.get(i) - median) < Math.abs(rates.get(best) - median)) {
                best = i;
            }
        }
        return best;
    }

    /** How many rounds ran. */
    int count() {
        return rates.size();
    }

    /** The rates in the order they ran, e.g. "14921, 22003, 18410". */
    String list() {
        return rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).collect(Collectors.joining(", "));
    }

    /** The largest heap any round used, in MB. */
    double peakHeapMb() {
        return peakHeapMb;
    }

    /** The largest resident set any round had, in MB. */
    double peakRssMb() {
        return peakRssMb;
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
