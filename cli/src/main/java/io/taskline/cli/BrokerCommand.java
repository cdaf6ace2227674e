package io.taskline.cli;

import io.taskline.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 1..65535, was " + port);
        }
        requireFree(port);
        PrintWriter out = global.out();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(port)
                .dataDir(data.toAbsolutePath().normalize())
                .build();
        AtomicBoolean started = new AtomicBoolean();
        // Installed first, so Ctrl-C while Kafka starts stops it too; "stopped" only follows "ready".
        try (ShutdownSignal stop = ShutdownSignal.onShutdown("broker", () -> {
            broker.stop();
            if (started.get()) {
                out.println("broker stopped");
                out.flush();
            }
        })) {
            broker.start();
            started.set(true);
            out.println("broker ready at " + broker.bootstrapServers() + " (data " + broker.dataDir() + ")");
            out.flush();
            stop.await();
        }
        return ExitCodes.OK;
    }

    /**
     * Fails with one line when something listens on {@code port} already (another broker, say),
     * before Kafka starts and logs its own fatal error with a stack trace.
     */
    static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); is a broker running there already? Choose another with --port");
        }
    }
}
