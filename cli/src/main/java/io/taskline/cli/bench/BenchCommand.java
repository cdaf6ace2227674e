package io.taskline.cli.bench;

import io.taskline.cli.CliConfig;
import io.taskline.cli.ExitCodes;
import io.taskline.cli.GlobalOptions;
import io.taskline.cli.JsonOutput;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.processors.internal.TaskProcessor;
import io.taskline.schemas.KafkaClientSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline bench}: measures workers against raw Kafka on the same broker, in one run, and
 * prints per scenario tasks/s, the baseline and the ratio, end-to-end latency percentiles, 5 s
 * retry lateness and peak memory. It starts a broker of its own unless told to use a cluster.
 *
 * <p>Usage: {@code taskline bench --quick}; {@code taskline bench --external --bootstrap-servers kafka:9092 --json}
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark workers against raw Kafka on the same broker in one run.",
                "Starts a single-node broker unless --external is given. See BENCHMARKS.md."})
public final class BenchCommand implements Callable<Integer> {

    private static final String STATE_DIRECTORY = "org.apache.kafka.streams.processor.internals.StateDirectory";

    @Mixin
    private GlobalOptions global;

    @Option(names = "--quick", description = "Small runs: every scenario in under 3 minutes on 2 cores.")
    private boolean quick;

    @Option(names = "--json", description = "One JSON object per scenario.")
    private boolean json;

    @Option(names = "--external", description = {"Use the cluster of --bootstrap-servers/--config (and its kafka.* settings)",
            "instead of starting a broker; without it, kafka.* settings are not used."})
    private boolean external;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = {"Run only these scenarios (comma-separated) and those whose figures they need.",
                    "Known: raw-kafka, noop-alo, noop-eos, io50-sequential, io50-c200, io50-keyed, retry-5s,",
                    "latency-alo, ratelimit-cluster."})
    private List<String> only = Benchmark.SCENARIOS;

    @Option(names = "--payload-chars", defaultValue = "100", paramLabel = "N",
            description = "Characters in each task's payload (default ${DEFAULT-VALUE}).")
    private int payloadChars;

    @Option(names = "--threads", paramLabel = "N",
            description = "Stream threads per worker, as worker.threads (default: the worker's, one per core up to 4).")
    private int threads = WorkerConfig.DEFAULT_THREADS;

    @Override
    public Integer call() throws Exception {
        if (payloadChars < 0 || payloadChars > 1_000_000) {
            throw new IllegalArgumentException("--payload-chars must be between 0 and 1000000, not " + payloadChars);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("--threads must be between 1 and 64, not " + threads);
        }
        Benchmark.select(only);
        PrintWriter out = global.out();
        Benchmark.Size size = quick ? Benchmark.Size.QUICK : Benchmark.Size.FULL;
        quietLifecycleLines();
        // A broker that dies (a full disk, say) leaves clients waiting for it without end: its
        // death interrupts the run, and the run fails with what the broker said last.
        AtomicReference<String> brokerDied = new AtomicReference<>();
        Thread running = Thread.currentThread();
        // A cluster of the user's gets their kafka.* settings (security, say) and is asked first;
        // the bench's own broker is plain and local, whatever --config says.
        CliConfig cluster = external ? global.reachableConfig() : null;
        try (BenchBroker broker = external ? BenchBroker.external(cluster.bootstrapServers())
                : BenchBroker.start(why -> {
                    brokerDied.set(why);
                    running.interrupt();
                })) {
            KafkaClientSettings settings = external
                    ? KafkaClientSettings.from(broker.bootstrapServers(), cluster.properties())
                    : KafkaClientSettings.of(broker.bootstrapServers());
            Benchmark benchmark = new Benchmark(settings, size, payloadChars, only, threads);
            int recordBytes = benchmark.recordBytes();
            if (!json) {
                out.printf("taskline bench%s: %d cores, Java %s, %s; task records of %d bytes; workers of %d stream thread%s%n",
                        quick ? " --quick" : "", Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"), broker.description(), recordBytes, threads,
                        threads == 1 ? "" : "s");
                out.println(ScenarioResult.header());
                out.flush();
            }
            benchmark.run(recordBytes, result -> {
                if (json) {
                    JsonOutput.println(out, result.json().put("recordBytes", recordBytes));
                } else {
                    out.println(result.row());
                    out.flush();
                }
            });
        } catch (Exception e) {
            if (brokerDied.get() != null) {
                Thread.interrupted();
                throw new IllegalStateException(brokerDied.get(), e);
            }
            throw e;
        }
        return ExitCodes.OK;
    }

    /** A line per task event would measure the terminal, not the worker: the bench's workers log warnings only. */
    private static void quietLifecycleLines() {
        // Per task, and per worker started and stopped (40 lines of a full run): the table is the output.
        for (Class<?> type : List.of(TaskProcessor.class, Worker.class)) {
            if (LoggerFactory.getLogger(type) instanceof ch.qos.logback.classic.Logger logger
                    && !logger.isDebugEnabled()) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
        // Each worker's state is in a temporary folder on purpose, deleted when the bench ends;
        // Kafka Streams warns about such a folder once per worker (19 lines in a full run).
        if (LoggerFactory.getLogger(STATE_DIRECTORY) instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
