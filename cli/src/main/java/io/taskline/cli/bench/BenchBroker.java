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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The broker a benchmark runs against: a given cluster, or a single-node broker started for the
 * run — in a process of its own when running from the {@code taskline} jar (so the worker's
 * memory figures are the worker's), in this process otherwise.
 *
 * <p>Usage: {@code try (BenchBroker broker = BenchBroker.start(why -> fail(why))) { broker.bootstrapServers(); }}
 */
public final class BenchBroker implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** How many of the broker's last output lines a report of its death quotes. */
    private static final int LAST_LINES = 5;

    private final String bootstrapServers;
    private final String description;
    private final Process process;
    private final EmbeddedKafkaBroker embedded;
    private final Path data;
    private volatile boolean closing;

    private BenchBroker(String bootstrapServers, String description, Process process, EmbeddedKafkaBroker embedded,
                        Path data) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
        this.process = process;
        this.embedded = embedded;
        this.data = data;
    }

    /** A cluster that is already running. */
    public static BenchBroker external(String bootstrapServers) {
        return new BenchBroker(bootstrapServers, "the cluster at " + bootstrapServers, null, null, null);
    }

    /**
     * Starts a single-node broker for this run on a free port, with its data in a temporary folder
     * that {@link #close()} deletes. Should the broker's process end before that, {@code onDeath}
     * gets a line saying so, with the broker's last output (clients would otherwise wait for it
     * without end).
     */
    public static BenchBroker start(Consumer<String> onDeath) throws IOException, InterruptedException {
        Path jar = ownJar();
        if (jar == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
            return new BenchBroker(broker.bootstrapServers(), "an embedded broker in this process", null, broker, null);
        }
        int port = freePort();
        Path data = Files.createTempDirectory("taskline-bench-kafka");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx1g", "-jar", jar.toString(), "broker", "--port",
                Integer.toString(port), "--data", data.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            awaitReady(lines);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            TempFolders.delete(data);
            throw e;
        }
        BenchBroker broker = new BenchBroker("127.0.0.1:" + port,
                "a single-node broker in its own process (data " + data + ")", process, null, data);
        broker.watch(lines, onDeath);
        return broker;
    }

    /**
     * Keeps draining the broker's output (so it never blocks on a full pipe), remembering its last
     * lines, and reports its end unless this benchmark closed it.
     */
    private void watch(BufferedReader lines, Consumer<String> onDeath) {
        Thread drain = new Thread(() -> {
            Deque<String> last = new ArrayDeque<>();
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    last.addLast(line);
                    if (last.size() > LAST_LINES) {
                        last.removeFirst();
                    }
                }
            } catch (IOException e) {
                // the broker stopped
            }
            if (!closing) {
                String exit = exited() ? "exited with code " + process.exitValue() : "closed its output";
                onDeath.accept("the benchmark's broker " + exit + " before the benchmark ended; its last output: "
                        + (last.isEmpty() ? "(none)" : String.join(" | ", last)));
            }
        }, "taskline-bench-broker-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** True once the broker's process has ended (its output closes a moment before). */
    private boolean exited() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitReady(BufferedReader lines) throws IOException, InterruptedException {
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
        closing = true;
        if (embedded != null) {
            embedded.close();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            TempFolders.delete(data);
        }
    }
}
