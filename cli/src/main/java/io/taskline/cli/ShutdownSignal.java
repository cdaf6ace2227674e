package io.taskline.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a foreground command block until Ctrl-C or SIGTERM, after running its clean-up in a JVM
 * shutdown hook.
 *
 * <p>Usage: {@code ShutdownSignal stop = ShutdownSignal.onShutdown("worker", worker::close); stop.await();}
 */
public final class ShutdownSignal {

    private final CountDownLatch done = new CountDownLatch(1);

    private ShutdownSignal() {
    }

    /** Installs a shutdown hook that runs {@code cleanUp} and then releases {@link #await()}. */
    public static ShutdownSignal onShutdown(String name, Runnable cleanUp) {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cleanUp.run();
            } finally {
                signal.done.countDown();
            }
        }, "taskline-" + name + "-shutdown"));
        return signal;
    }

    /** Blocks until the shutdown hook has run. */
    public void await() throws InterruptedException {
        done.await();
    }

    /** Waits up to {@code timeout}; true when the shutdown hook has run. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
