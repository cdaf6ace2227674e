package io.taskline.cli.bench;

import io.taskline.kafka.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker a benchmark runs against: a given cluster, or a single-node broker started for the
 * run — in a process of its own when running from the {@code taskline} jar (so the worker's
 * memory figures are the worker's), in this process otherwise.
 *
 * <p>Usage: {@code try (BenchBroker broker = BenchBroker.start()) { broker.bootstrapServers(); }}
 */
public final class BenchBroker implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final String bootstrapServers;
    private final String description;
    private final Process process;
    private final EmbeddedKafkaBroker embedded;

    private BenchBroker(String bootstrapServers, String description, Process process, EmbeddedKafkaBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
        this.process = process;
        this.embedded = embedded;
    }

    /** A cluster that is already running. */
    public static BenchBroker external(String bootstrapServers) {
        return new BenchBroker(bootstrapServers, "the cluster at " + bootstrapServers, null, null);
    }

    /** Starts a single-node broker for this run on a free port, with its data in a temporary folder. */
    public static BenchBroker start() throws IOException, InterruptedException {
        Path jar = ownJar();
        if (jar == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
            return new BenchBroker(broker.bootstrapServers(), "an embedded broker in this process", null, broker);
        }
        int port = freePort();
        Path data = Files.createTempDirectory("taskline-bench-kafka");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx1g", "-jar", jar.toString(), "broker", "--port",
                Integer.toString(port), "--data", data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            awaitReady(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new BenchBroker("127.0.0.1:" + port, "a single-node broker in its own process (data " + data + ")",
                process, null);
    }

    private static void awaitReady(Process process) throws IOException, InterruptedException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("broker ready")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            if (!ready.get(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the benchmark's broker exited before it was ready");
            }
        } catch (ExecutionException e) {
            throw new IOException("could not read the benchmark broker's output", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the benchmark's broker was not ready after " + STARTUP.toSeconds() + " s");
        }
        // Keep draining its output so the broker never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                // the broker stopped
            }
        }, "taskline-bench-broker-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** The jar this class was loaded from, or null when it runs from classes (tests, IDE). */
    private static Path ownJar() {
        try {
            Path location = Path.of(BenchBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Where clients connect. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What broker this is, for the report. */
    public String description() {
        return description;
    }

    @Override
    public void close() throws InterruptedException {
        if (embedded != null) {
            embedded.close();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
