package io.taskline.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Lets a foreground command block until Ctrl-C or SIGTERM, then runs its clean-up once. The
 * signal is handled, not left to the JVM: the command then returns and the process exits 0, as a
 * stop that was asked for is a success (the JVM's own handling exits 130 or 143, which a service
 * manager records as a failure). A second signal while the clean-up runs ends the process at once.
 * A JVM shutdown for any other reason still runs the clean-up, from a shutdown hook.
 *
 * <p>Usage: {@code try (ShutdownSignal stop = ShutdownSignal.onShutdown("worker", worker::close)) { stop.await(); }}
 */
public final class ShutdownSignal implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean ran = new AtomicBoolean();
    private final Map<Signal, SignalHandler> previous = new ConcurrentHashMap<>();
    private final Runnable cleanUp;

    private ShutdownSignal(Runnable cleanUp) {
        this.cleanUp = cleanUp;
    }

    /** Handles Ctrl-C and SIGTERM, and installs a shutdown hook, to run {@code cleanUp} once and release {@link #await()}. */
    public static ShutdownSignal onShutdown(String name, Runnable cleanUp) {
        ShutdownSignal signal = new ShutdownSignal(cleanUp);
        Runtime.getRuntime().addShutdownHook(new Thread(signal::runCleanUp, "taskline-" + name + "-shutdown"));
        for (String sig : SIGNALS) {
            try {
                Signal handled = new Signal(sig);
                signal.previous.put(handled, Signal.handle(handled, s -> {
                    signal.defaults(); // a second signal, of either kind, ends the process at once
                    new Thread(signal::runCleanUp, "taskline-" + name + "-stop").start();
                }));
            } catch (IllegalArgumentException notOnThisPlatform) {
                // The shutdown hook still runs the clean-up; the exit code is then the JVM's.
            }
        }
        return signal;
    }

    private void defaults() {
        for (Signal sig : previous.keySet()) {
            try {
                Signal.handle(sig, SignalHandler.SIG_DFL);
            } catch (IllegalArgumentException ignored) {
                // as when it was installed
            }
        }
    }

    private void runCleanUp() {
        if (!ran.compareAndSet(false, true)) {
            return;
        }
        try {
            cleanUp.run();
        } finally {
            done.countDown();
        }
    }

    /** Blocks until the clean-up has run. */
    public void await() throws InterruptedException {
        done.await();
    }

    /** Waits up to {@code timeout}; true when the clean-up has run. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Gives Ctrl-C and SIGTERM back to whoever handled them before (the command is over). */
    @Override
    public void close() {
        previous.forEach((sig, handler) -> {
            try {
                Signal.handle(sig, handler);
            } catch (IllegalArgumentException ignored) {
                // as when it was installed
            }
        });
        previous.clear();
    }
}
