package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code taskline worker --config FILE} as a separate process, from the shaded jar that
 * {@code mvn package} built: the command exactly as users and the container image run it, with
 * whatever meters and log format it sets up. Its stdout and stderr lines are kept.
 *
 * <p>Usage: {@code try (WorkerProcess worker = WorkerProcess.start(config, Map.of("TASKLINE_LOGGING_FORMAT", "json"))) { }}
 */
final class WorkerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "taskline.jar");

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private WorkerProcess(Process process) {
        this.process = process;
        readers.add(pump(process.getInputStream(), out, "stdout"));
        readers.add(pump(process.getErrorStream(), err, "stderr"));
    }

    /** Starts the worker on {@code config} with these environment variables added (no other TASKLINE_* ones). */
    static WorkerProcess start(Path config, Map<String, String> env) throws IOException {
        assertThat(JAR).as("the shaded jar, built by 'mvn package' before Failsafe runs").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", JAR.toString(),
                "worker", "--config", config.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith(CliConfig.ENV_PREFIX));
        builder.environment().putAll(env);
        return new WorkerProcess(builder.start());
    }

    /** Every stderr line so far (the log). */
    List<String> err() {
        return List.copyOf(err);
    }

    /** Every stdout line so far. */
    List<String> out() {
        return List.copyOf(out);
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL, as {@code kill -9} or the OOM killer: no shutdown hook runs, nothing more is flushed
     * or committed. Waits for the exit and the last lines; {@link #close()} is then a no-op.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("worker process exited after SIGKILL").isTrue();
        for (Thread reader : readers) {
            reader.join(10_000);
        }
    }

    /** The process's exit code; it must have ended. */
    int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM, as Ctrl-C or {@code docker stop}; then waits for the clean shutdown and the last lines. */
    @Override
    public void close() throws InterruptedException {
        // Through the handle: Process.destroy() also closes this side's pipes, and the worker's
        // shutdown lines (its log, "worker stopped") would be lost.
        process.toHandle().destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Thread reader : readers) {
            reader.join(10_000);
        }
    }

    private static Thread pump(InputStream stream, List<String> into, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    into.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "worker-process-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
