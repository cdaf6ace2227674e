package io.taskline.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.cli.JsonOutput;
import java.util.Locale;

/**
 * What one benchmark scenario measured, next to its same-run baseline.
 *
 * <p>Usage: {@code ScenarioResult.of("noop-alo", 5200).baseline("raw", 14000).target("≥ 0.35").json()}
 *
 * @param scenario the scenario name
 * @param tasksPerSecond tasks (or records) per second, NaN when not a throughput scenario
 * @param baseline what it is compared with, or null
 * @param baselineTasksPerSecond the baseline's rate (or p99 for latency comparisons), NaN if none
 * @param ratio the figure the target is about (rate ÷ baseline rate, or p99 ÷ baseline p99)
 * @param target the target from the issue, e.g. "≥ 0.35"
 * @param latency end-to-end latencies (publish → handler start), or null
 * @param lateness retry lateness (start − due time), or null
 * @param peakHeapMb peak heap used during the scenario, NaN if not measured
 * @param peakRssMb peak resident memory of this process during the scenario, NaN if not known
 * @param note what else to know, e.g. why a scenario was not run
 */
public record ScenarioResult(String scenario, double tasksPerSecond, String baseline, double baselineTasksPerSecond,
                             double ratio, String target, Latencies latency, Latencies lateness, double peakHeapMb,
                             double peakRssMb, String note) {

    /** A scenario that could not run, with the reason. */
    public static ScenarioResult skipped(String scenario, String target, String why) {
        return new ScenarioResult(scenario, Double.NaN, null, Double.NaN, Double.NaN, target, null, null,
                Double.NaN, Double.NaN, why);
    }

    /** One JSON object with every figure (NaN as null). */
    public ObjectNode json() {
        ObjectNode node = JsonOutput.object().put("scenario", scenario);
        number(node, "tasksPerSecond", tasksPerSecond);
        node.put("baseline", baseline);
        number(node, "baselineTasksPerSecond", baselineTasksPerSecond);
        number(node, "ratio", ratio);
        node.put("target", target);
        number(node, "p50Ms", latency == null ? Double.NaN : latency.percentile(50));
        number(node, "p99Ms", latency == null ? Double.NaN : latency.percentile(99));
        number(node, "p999Ms", latency == null ? Double.NaN : latency.percentile(99.9));
        if (lateness != null) {
            node.put("earlyCount", lateness.below(0));
            number(node, "latenessP50Ms", lateness.percentile(50));
            number(node, "latenessP99Ms", lateness.percentile(99));
            number(node, "latenessMaxMs", lateness.max());
        }
        number(node, "peakHeapMb", peakHeapMb);
        number(node, "peakRssMb", peakRssMb);
        node.put("note", note);
        return node;
    }

    /** One row of the printed table. */
    public String row() {
        String lat = latency == null ? "-" : String.format(Locale.ROOT, "%s/%s/%s", ms(latency.percentile(50)),
                ms(latency.percentile(99)), ms(latency.percentile(99.9)));
        String late = lateness == null ? "-" : String.format(Locale.ROOT, "early %d, p50 %s p99 %s max %s",
                lateness.below(0), ms(lateness.percentile(50)), ms(lateness.percentile(99)), ms(lateness.max()));
        return String.format(Locale.ROOT, ROW, scenario, rate(tasksPerSecond),
                baseline == null ? "-" : baseline + " " + rate(baselineTasksPerSecond),
                Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio), target == null ? "-" : target,
                lat, late, mb(peakHeapMb) + "/" + mb(peakRssMb), note == null ? "" : note);
    }

    /** The table header matching {@link #row()}. */
    public static String header() {
        return String.format(Locale.ROOT, ROW, "SCENARIO", "TASKS/S", "BASELINE", "RATIO", "TARGET",
                "E2E P50/P99/P99.9 MS", "RETRY LATENESS MS", "HEAP/RSS MB", "NOTE");
    }

    private static final String ROW = "%-18s %9s  %-22s %6s  %-8s %-22s %-36s %-11s %s";

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, Math.round(value * 100) / 100.0);
        }
    }

    private static String rate(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
