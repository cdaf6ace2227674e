package io.taskline.cli;

import io.taskline.cli.logging.LogFormat;
import io.taskline.dlq.LagMetrics;
import io.taskline.dlq.LagTracker;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code taskline worker}: runs a worker for the queues and handlers of a config file until
 * SIGTERM or Ctrl-C, then shuts it down cleanly (the task in hand finishes, offsets commit).
 * With {@code metrics.port} set, its /metrics also serves the lag of its queues.
 *
 * <p>Usage: {@code taskline worker --config worker.properties}, with e.g.
 * {@code queues=demo} and {@code queue.demo.handler.echo=io.taskline.examples.EchoHandler}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a worker for the queues in --config until Ctrl-C.")
public final class WorkerCommand implements Callable<Integer> {

    private static final Duration HEALTH_CHECK_EVERY = Duration.ofSeconds(1);

    @Mixin
    private GlobalOptions global;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = global.out();
        CliConfig settings = global.config();
        WorkerConfig config = new WorkerConfig(settings.properties());
        LogFormat.apply(config.originals());
        ReachableKafka.check(settings);
        Worker.Builder builder = Worker.builder(config);
        if (config.getInt(WorkerConfig.METRICS_PORT_CONFIG) > 0) {
            LagTracker tracker = LagTracker.create(config.kafka(), config.getString(WorkerConfig.GROUP_CONFIG), Clock.systemUTC());
            builder.meters(new LagMetrics(tracker, config.queues(), LagMetrics.DEFAULT_INTERVAL));
        }
        Worker worker = builder.build();
        try {
            worker.start();
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        try (ShutdownSignal stop = ShutdownSignal.onShutdown("worker", () -> {
            worker.close();
            out.println("worker stopped");
            out.flush();
        })) {
            out.println("worker started: queues " + config.queues());
            out.flush();
            while (!stop.await(HEALTH_CHECK_EVERY)) {
                KafkaStreams.State state = worker.state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
                    global.err().println("error: worker failed (Kafka Streams state " + state + "); see the log above");
                    global.err().flush();
                    return ExitCodes.FAILED;
                }
            }
        }
        return ExitCodes.OK;
    }
}
