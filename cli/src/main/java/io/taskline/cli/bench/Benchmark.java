package io.taskline.cli.bench;

import io.taskline.cli.bench.WorkerRuns.PacedRun;
import io.taskline.cli.bench.WorkerRuns.Setup;
import io.taskline.processors.WorkerConfig;
import io.taskline.schemas.KafkaClientSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The benchmark scenarios of {@code taskline bench}, each next to a baseline measured in the same
 * run on the same broker with the same record size: raw Kafka, then workers.
 *
 * <p>Usage: {@code new Benchmark(settings, Benchmark.Size.QUICK, 100).run(result -> print(result));}
 */
public final class Benchmark {

    private static final String AT_LEAST_ONCE = "at_least_once";
    private static final String EXACTLY_ONCE = "exactly_once_v2";
    private static final int PARTITIONS = 6;
    private static final Duration IO_CALL = Duration.ofMillis(50);
    private static final int IO_CONCURRENCY = 200;
    private static final int KEYS = 2_000;
    private static final int LIMIT_PER_SECOND = 20;
    /** How many slices the latency scenario alternates between the worker and raw Kafka. */
    private static final int LATENCY_SLICES = 4;
    /** The tier of the retry scenario's capacity run: short, so the retries come while the first runs still do. */
    private static final String CAPACITY_TIER = "1s";

    /**
     * How much each scenario does.
     *
     * @param rawRecords records the raw baseline moves
     * @param noopTasks backlog of the no-op scenarios
     * @param ioTasks backlog of the sequential 50 ms baseline
     * @param concurrentIoTasks backlog of the 50 ms scenarios at concurrency 200
     * @param paced how long the paced scenarios publish
     * @param limitedTasks backlog of the rate-limit scenario
     * @param warmUpTasks no-op tasks run, unreported, before the first worker scenario
     * @param failingTasks backlog of fail-once tasks that measures the retry scenario's capacity
     * @param rounds how many times raw-kafka, noop-alo and noop-eos each run, taking turns; each reports its median
     */
    public record Size(int rawRecords, int noopTasks, int ioTasks, int concurrentIoTasks, Duration paced,
                       int limitedTasks, int warmUpTasks, int failingTasks, int rounds) {
        /** Under 3 minutes on a 2-core machine. */
        public static final Size QUICK = new Size(20_000, 5_000, 100, 8_000, Duration.ofSeconds(5), 80, 5_000, 3_000, 3);
        /**
         * The figures for BENCHMARKS.md. A round of 30,000 no-op tasks lasted 1-2 s and measured
         * the worker's first seconds as much as its pace (rounds of one run 11,000-41,000/s);
         * rounds of 100,000 last 3-4 s (23,000-38,000/s), and raw Kafka moves 500,000 records to match.
         */
        public static final Size FULL = new Size(500_000, 100_000, 400, 40_000, Duration.ofSeconds(20), 300, 60_000,
                15_000, 5);
    }

    /** Every scenario, in the order they run. */
    public static final List<String> SCENARIOS = List.of("raw-kafka", "noop-alo", "noop-eos", "io50-sequential",
            "io50-c200", "io50-keyed", "retry-5s", "latency-alo", "ratelimit-cluster");
    /** The scenarios whose figures a scenario needs: its baseline or its publish rate. */
    private static final Map<String, List<String>> NEEDS = Map.of(
            "noop-alo", List.of("raw-kafka"),
            "noop-eos", List.of("noop-alo"),
            "io50-c200", List.of("io50-sequential"),
            "io50-keyed", List.of("io50-c200"),
            "latency-alo", List.of("noop-alo"));

    private final KafkaClientSettings settings;
    private final Size size;
    private final WorkerRuns runs;
    private final RawKafka raw;
    private final Set<String> selected;
    private final int threads;

    /** Every scenario on the cluster of {@code settings}; payloads of {@code payloadChars} characters. */
    public Benchmark(KafkaClientSettings settings, Size size, int payloadChars) throws IOException {
        this(settings, size, payloadChars, SCENARIOS);
    }

    /**
     * The scenarios named in {@code only} and those whose figures they need (e.g. {@code noop-eos}
     * brings {@code noop-alo} and {@code raw-kafka}).
     *
     * @throws IllegalArgumentException when a name is not a scenario
     * @throws IOException when the workers' state folder cannot be made
     */
    public Benchmark(KafkaClientSettings settings, Size size, int payloadChars, List<String> only) throws IOException {
        this(settings, size, payloadChars, only, WorkerConfig.DEFAULT_THREADS);
    }

    /**
     * As {@link #Benchmark(KafkaClientSettings, Size, int, List)}, with workers of {@code threads}
     * stream threads ({@code worker.threads}; the 4-argument constructor uses the worker's default).
     *
     * @throws IllegalArgumentException when a name is not a scenario or {@code threads} is below 1
     * @throws IOException when the workers' state folder cannot be made
     */
    public Benchmark(KafkaClientSettings settings, Size size, int payloadChars, List<String> only, int threads)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker needs at least 1 stream thread, not " + threads);
        }
        this.settings = settings;
        this.size = size;
        this.threads = threads;
        this.runs = new WorkerRuns(settings, payloadChars, threads);
        this.raw = new RawKafka(settings);
        this.selected = select(only);
    }

    /**
     * The scenarios named and those whose figures they need, in no particular order.
     *
     * @throws IllegalArgumentException when a name is not a scenario
     */
    static Set<String> select(List<String> only) {
        Set<String> wanted = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(only);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!SCENARIOS.contains(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                        + String.join(", ", SCENARIOS) + ")");
            }
            if (wanted.add(name)) {
                todo.addAll(NEEDS.getOrDefault(name, List.of()));
            }
        }
        return wanted;
    }

    private boolean runs(String scenario) {
        return selected.contains(scenario);
    }

    /** The size of one task record, measured by publishing one. */
    public int recordBytes() {
        return runs.recordBytes();
    }

    /**
     * Runs the selected scenarios in order, handing each result over as soon as it is measured,
     * then deletes the workers' state.
     */
    public void run(int recordBytes, Consumer<ScenarioResult> sink) throws Exception {
        try {
            runScenarios(recordBytes, sink);
        } finally {
            runs.deleteState();
        }
    }

    private void runScenarios(int recordBytes, Consumer<ScenarioResult> sink) throws Exception {
        if (selected.stream().anyMatch(name -> !name.equals("raw-kafka"))) {
            // Warm-up, not reported: the first worker of a JVM runs with cold code paths, and
            // until the JIT compiler is done with them it takes a core of this 2-core machine.
            runs.throughput(Setup.of(AT_LEAST_ONCE, PARTITIONS), BenchHandler.noop(), size.warmUpTasks());
        }
        // The three backlog figures take turns, round after round, and each reports its median:
        // one round of each, one after the other, measured the machine's moment as much as the worker.
        Rounds raws = new Rounds();
        Rounds alos = new Rounds();
        Rounds eoses = new Rounds();
        List<RawKafka.Throughput> rawRounds = new ArrayList<>();
        for (int round = 0; round < size.rounds(); round++) {
            if (runs("raw-kafka")) {
                PeakMemory.reset();
                RawKafka.Throughput t = raw.throughput(topic("raw"), PARTITIONS, size.rawRecords(), recordBytes);
                rawRounds.add(t);
                raws.add(t.rate());
            }
            if (runs("noop-alo")) {
                PeakMemory.reset();
                alos.add(runs.throughput(Setup.of(AT_LEAST_ONCE, PARTITIONS), BenchHandler.noop(), size.noopTasks()).rate());
            }
            if (runs("noop-eos")) {
                PeakMemory.reset();
                eoses.add(runs.throughput(Setup.of(EXACTLY_ONCE, PARTITIONS), BenchHandler.noop(), size.noopTasks()).rate());
            }
        }
        if (runs("raw-kafka")) {
            RawKafka.Throughput typical = rawRounds.get(raws.medianRound());
            sink.accept(new ScenarioResult("raw-kafka", raws.median(), null, Double.NaN, Double.NaN, null, null, null,
                    raws.peakHeapMb(), raws.peakRssMb(), String.format(Locale.ROOT,
                    "produce %.0f/s then consume %.0f/s, %d records; %s", typical.produceRate(),
                    typical.consumeRate(), size.rawRecords(), roundsNote(raws))));
        }
        if (runs("noop-alo")) {
            sink.accept(rounds("noop-alo", alos, "raw-kafka", raws, "≥ 0.35",
                    size.noopTasks() + " tasks, " + streamThreads()));
        }
        if (runs("noop-eos")) {
            sink.accept(rounds("noop-eos", eoses, "noop-alo", alos, "≥ 0.70",
                    size.noopTasks() + " tasks, commit 100 ms"));
        }
        BenchHandler sequential = null;
        if (runs("io50-sequential")) {
            PeakMemory.reset();
            sequential = runs.throughput(Setup.of(EXACTLY_ONCE, PARTITIONS)
                    .with("queue.Q.concurrency", "1"), BenchHandler.sleeping(IO_CALL), size.ioTasks());
            sink.accept(measured("io50-sequential", sequential.rate(), null, Double.NaN, null, null, null,
                    size.ioTasks() + " tasks of 50 ms, concurrency 1: the baseline of io50-c200"));
        }
        Setup concurrent = Setup.of(EXACTLY_ONCE, PARTITIONS).with("queue.Q.concurrency", Integer.toString(IO_CONCURRENCY));
        BenchHandler io = null;
        if (runs("io50-c200")) {
            PeakMemory.reset();
            io = runs.throughput(concurrent, BenchHandler.sleeping(IO_CALL), size.concurrentIoTasks());
            sink.accept(measured("io50-c200", io.rate(), "io50-sequential", sequential.rate(), "≥ 50x", null, null,
                    String.format(Locale.ROOT, "%d tasks of 50 ms, concurrency %d; %.0f%% of the ideal 4000/s",
                            size.concurrentIoTasks(), IO_CONCURRENCY, io.rate() / 40)));
        }
        if (runs("io50-keyed")) {
            PeakMemory.reset();
            BenchHandler keyed = runs.throughput(concurrent.with("queue.Q.ordering", "key").keys(KEYS),
                    BenchHandler.sleeping(IO_CALL), size.concurrentIoTasks());
            sink.accept(measured("io50-keyed", keyed.rate(), "io50-c200", io.rate(), "≥ 0.90", null, null,
                    size.concurrentIoTasks() + " tasks over " + KEYS + " keys, ordering=key, concurrency " + IO_CONCURRENCY));
        }
        if (runs("retry-5s")) {
            // Half load for this workload: a task here is a failed run (exception, tier record,
            // RETRYING event), a relay hop and, later, a successful run. Its capacity is measured
            // end to end, publishing included: worker-only backlogs (failed runs, then noop-eos)
            // left the publisher, the relay and their broker work out, and "half" of that kept
            // this 2-core box about 96% busy, which made the tail a measure of overload.
            double capacity = runs.endToEndCapacity(Setup.of(EXACTLY_ONCE, PARTITIONS), BenchHandler.failingOnce(),
                    size.failingTasks(), CAPACITY_TIER, 2);
            if (!(capacity > 0)) {
                throw new IllegalStateException("could not measure the fail-once capacity from "
                        + size.failingTasks() + " tasks (tasks/s: " + capacity + ")");
            }
            double retryRate = Math.max(1, capacity / 2);
            PeakMemory.reset();
            PacedRun retries = runs.paced(Setup.of(EXACTLY_ONCE, PARTITIONS), BenchHandler.failingOnce(), retryRate,
                    size.paced(), "5s", 2);
            sink.accept(new ScenarioResult("retry-5s", retryRate, null, Double.NaN, Double.NaN, "early 0, p99 ≤ 100",
                    null, runs.retryLateness(retries), PeakMemory.heapMb(), PeakMemory.rssMb(),
                    String.format(Locale.ROOT, "every task fails once into the 5s tier; published at half of a "
                            + "capacity of %.0f tasks/s (%d fail-once tasks with a %s tier, after as many unmeasured, "
                            + "published while the worker ran them, first publish to last success); machine %.0f%% busy; %s",
                            capacity, size.failingTasks(), CAPACITY_TIER, 100 * retries.machineLoad(),
                            warmUpNote(retries))));
        }
        if (runs("latency-alo")) {
            sink.accept(latency(Math.max(1, alos.median() / 2), recordBytes));
        }
        if (runs("ratelimit-cluster")) {
            PeakMemory.reset();
            BenchHandler limited = runs.twoWorkers(Setup.of(AT_LEAST_ONCE, PARTITIONS)
                    .with("ratelimit.bench", LIMIT_PER_SECOND + "/1s").with("ratelimit.bench.scope", "cluster"),
                    BenchHandler.limitedBy("bench"), size.limitedTasks());
            int busiest = limited.busiestWindow(Duration.ofSeconds(1));
            sink.accept(measured("ratelimit-cluster", limited.rate(), "limit", LIMIT_PER_SECOND, "≤ 21 in 1 s",
                    null, null, String.format(Locale.ROOT, "%d tasks, 2 workers, %d/1s cluster scope: at most %d "
                            + "starts in any 1 s window", size.limitedTasks(), LIMIT_PER_SECOND, busiest)));
        }
    }

    private ScenarioResult latency(double halfLoad, int recordBytes) throws Exception {
        PeakMemory.reset();
        // Side by side: the worker's slices alternate with raw Kafka's, so a noisy moment of the
        // machine (raw p99 alone ranged 7-184 ms here) falls on both, not on one of them.
        List<Latencies> rawSlices = new ArrayList<>();
        Duration slice = size.paced().dividedBy(LATENCY_SLICES);
        PacedRun latency = runs.paced(Setup.of(AT_LEAST_ONCE, PARTITIONS), BenchHandler.noop(), halfLoad,
                size.paced(), "1m", 3, LATENCY_SLICES, () -> rawSlices.add(
                        raw.latency(topic("raw-latency"), PARTITIONS, halfLoad, slice, recordBytes)));
        rawSlices.add(raw.latency(topic("raw-latency"), PARTITIONS, halfLoad, slice, recordBytes));
        Latencies taskline = latency.handler().endToEnd();
        double heap = PeakMemory.heapMb();
        double rss = PeakMemory.rssMb();
        Latencies rawLatency = Latencies.merge(rawSlices);
        return new ScenarioResult("latency-alo", halfLoad, "raw-kafka p99 ms", rawLatency.percentile(99),
                taskline.percentile(99) / rawLatency.percentile(99), "≤ 5", taskline, null, heap, rss,
                String.format(Locale.ROOT, "publish → handler start at half of noop-alo; raw p50/p99 %.0f/%.0f ms; "
                        + "%d slices each, alternating; machine %.0f%% busy in the worker's slices; %s",
                        rawLatency.percentile(50), rawLatency.percentile(99), LATENCY_SLICES,
                        100 * latency.machineLoad(), warmUpNote(latency)));
    }

    private String streamThreads() {
        return threads == 1 ? "1 stream thread" : threads + " stream threads";
    }

    private static String warmUpNote(PacedRun run) {
        return String.format(Locale.ROOT, "before the clock, %d warm-up tasks at the same rate, succeeded and "
                + "committed in %d ms", run.warmUpTasks(), run.warmUp().toMillis());
    }

    private static ScenarioResult rounds(String name, Rounds rounds, String baseline, Rounds baselineRounds,
                                         String target, String note) {
        return new ScenarioResult(name, rounds.median(), baseline, baselineRounds.median(),
                rounds.median() / baselineRounds.median(), target, null, null, rounds.peakHeapMb(),
                rounds.peakRssMb(), note + "; " + roundsNote(rounds));
    }

    private static String roundsNote(Rounds rounds) {
        return rounds.count() == 1 ? "one round" : "median of " + rounds.count() + " rounds taking turns with "
                + "the other backlog figures: " + rounds.list();
    }

    private static ScenarioResult measured(String name, double rate, String baseline, double baselineRate,
                                           String target, Latencies latency, Latencies lateness, String note) {
        double ratio = baseline == null ? Double.NaN : rate / baselineRate;
        return new ScenarioResult(name, rate, baseline, baselineRate, ratio, target, latency, lateness,
                PeakMemory.heapMb(), PeakMemory.rssMb(), note);
    }

    private static String topic(String name) {
        return "bench-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The cluster this benchmark runs on. */
    public KafkaClientSettings settings() {
        return settings;
    }
}
