package io.taskline.cli;

import io.taskline.dlq.LagTracker;
import io.taskline.dlq.QueueLag;
import io.taskline.retry.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline lag}: how far the workers are behind on each queue, its tiers and its DLQ, in
 * records and in the age of the oldest waiting task. With {@code --max-lag}/{@code --max-age} it
 * exits 1 when a queue is over, naming it, for cron and CI.
 *
 * <p>Usage: {@code taskline lag --queue emails --max-age 5m}
 */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Show records behind and the age of the oldest waiting task, per queue, tier and DLQ.",
                "With --max-lag or --max-age, exit 1 when a queue (its queue topic) is over."})
public final class LagCommand implements Callable<Integer> {

    /** The worker group read when neither --group nor the config's worker.group says. */
    static final String DEFAULT_GROUP = "taskline-worker";

    @Mixin
    private GlobalOptions global;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue (repeatable). Default: every queue.")
    private List<String> queues;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Worker group (worker.group) whose offsets count. Default: worker.group from the config, else "
                    + DEFAULT_GROUP + ".")
    private String group;

    @Option(names = "--json", description = "Print one JSON object per queue.")
    private boolean json;

    @Option(names = "--watch", description = "Measure again every --interval until Ctrl-C.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
            description = "Time between measurements with --watch (default ${DEFAULT-VALUE}).")
    private String interval;

    @Option(names = "--max-lag", paramLabel = "N", description = "Exit 1 when a queue has more than N records waiting.")
    private Long maxLag;

    @Option(names = "--max-age", paramLabel = "DURATION",
            description = "Exit 1 when a queue's oldest waiting task is older than this (e.g. 5m).")
    private String maxAge;

    @Override
    public Integer call() throws InterruptedException {
        LagThresholds thresholds = thresholds();
        Duration every = positive("--interval", interval);
        PrintWriter out = global.out();
        CliConfig config = global.reachableConfig();
        String workerGroup = group != null ? group : config.properties().getOrDefault("worker.group", DEFAULT_GROUP);
        try (LagTracker tracker = LagTracker.create(config.kafka(), workerGroup, Clock.systemUTC())) {
            if (!watch) {
                return report(tracker, thresholds, out);
            }
            try (ShutdownSignal stop = ShutdownSignal.onShutdown("lag", () -> { })) {
                do {
                    report(tracker, thresholds, out);
                } while (!stop.await(every));
            }
            return ExitCodes.OK;
        }
    }

    /** Measures once, prints, and says whether a queue is over a threshold. */
    private int report(LagTracker tracker, LagThresholds thresholds, PrintWriter out) {
        List<String> names = queues == null || queues.isEmpty() ? tracker.queues() : queues;
        List<QueueLag> lags = tracker.measure(names);
        if (json) {
            lags.forEach(lag -> JsonOutput.println(out, LagLines.json(lag)));
        } else {
            if (watch) {
                out.println("-- " + Instant.now() + " (group " + tracker.group() + ")");
            }
            if (lags.isEmpty()) {
                out.println("no queues on the cluster");
            } else {
                LagLines.table(lags).forEach(out::println);
            }
            out.flush();
        }
        Optional<String> over = thresholds.check(lags);
        if (over.isPresent()) {
            global.err().println("error: " + over.get());
            global.err().flush();
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private LagThresholds thresholds() {
        if (maxLag != null && maxLag < 0) {
            throw new IllegalArgumentException("--max-lag must be 0 or more, not " + maxLag);
        }
        return new LagThresholds(maxLag == null ? OptionalLong.empty() : OptionalLong.of(maxLag),
                maxAge == null ? Optional.empty() : Optional.of(positive("--max-age", maxAge)));
    }

    private static Duration positive(String option, String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(option + " must be more than 0, not " + text);
        }
        return d;
    }
}
