package io.taskline.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code taskline demo}: the real pipeline on an embedded broker, end to end, in under two minutes. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on an embedded broker: publish, execute, retry, dead-letter.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--output", defaultValue = "taskline-output",
            description = "Where emails, thumbnails and PDF reports are written (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--timeout", defaultValue = "90",
            description = "Seconds to wait for every task to finish (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
        quietLogs();
        return new Demo(spec.commandLine().getOut(), output, Duration.ofSeconds(timeoutSeconds)).run();
    }

    /**
     * The demo prints every lifecycle event itself; the worker's per-task log lines would repeat
     * them. Warnings that every demo run would print are quieted too.
     */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("io.taskline").setLevel(Level.WARN);
            context.getLogger("io.taskline.processors.internal.TaskProcessor").setLevel(Level.ERROR);
            context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.ERROR);
            // Certain, and harmless, in a run that starts from nothing: the broker's metadata log is
            // empty at every start, the worker's state is in a temporary folder on purpose, and the
            // fresh broker sometimes gets two requests to create __transaction_state at once.
            context.getLogger("org.apache.kafka.controller.QuorumController").setLevel(Level.ERROR);
            context.getLogger("org.apache.kafka.server.DefaultAutoTopicCreationManager").setLevel(Level.ERROR);
            context.getLogger("org.apache.kafka.streams.processor.internals.StateDirectory").setLevel(Level.ERROR);
        }
    }
}
