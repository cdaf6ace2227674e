package io.taskline.cli;

import io.taskline.kafka.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline broker}: runs a real single-node Kafka broker (KRaft) in the foreground until
 * Ctrl-C. The data folder is formatted on first start and kept across restarts.
 *
 * <p>Usage: {@code taskline broker --port 9092 --data ./taskline-data}
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker in the foreground until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Option(names = "--port", defaultValue = "9092", description = "Port clients connect to (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "taskline-data",
            description = "Data folder, kept across restarts (default: ./${DEFAULT-VALUE}).")
    private Path data;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = global.out();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDir(data.toAbsolutePath().normalize())
                .build();
        ShutdownSignal stop = ShutdownSignal.onShutdown("broker", () -> {
            broker.stop();
            out.println("broker stopped");
            out.flush();
        });
        broker.start();
        out.println("broker ready at " + broker.bootstrapServers() + " (data " + broker.dataDir() + ")");
        out.flush();
        stop.await();
        return ExitCodes.OK;
    }
}
