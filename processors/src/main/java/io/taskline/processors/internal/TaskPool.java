package io.taskline.processors.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The threads one queue's handlers run on in one worker, and its concurrency: every partition's
 * task step takes a slot before it starts a task and gives it back when the outcome is routed,
 * so a worker runs at most {@code concurrency} tasks of the queue at once, whatever its partitions.
 *
 * <p>Usage: {@code TaskPool pool = TaskPool.threads("emails", 64); if (pool.tryAcquire()) pool.submit(run);}
 */
public final class TaskPool implements AutoCloseable {

    private final int concurrency;
    private final Semaphore slots;
    private final HandlerThreads threads;
    private volatile boolean draining;

    private TaskPool(int concurrency, HandlerThreads threads) {
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
        this.threads = threads;
    }

    /** Up to {@code concurrency} daemon threads named after the queue, started as needed, idle ones ended. */
    public static TaskPool threads(String queue, int concurrency) {
        return new TaskPool(concurrency, new HandlerThreads(queue, concurrency, Duration.ofSeconds(30)));
    }

    /** Runs each task on the calling (stream) thread: outcomes are routed before {@code process} returns. */
    public static TaskPool direct(int concurrency) {
        return new TaskPool(concurrency, null);
    }

    /** Takes a slot if one is free and the pool is not draining. */
    public boolean tryAcquire() {
        return !draining && slots.tryAcquire();
    }

    /**
     * Starts no more tasks and waits until every running one has been routed, or {@code millis}
     * passed; true when none runs. Tasks admitted meanwhile stay in the in-flight store for the
     * partition's next owner.
     */
    public boolean drain(long millis) throws InterruptedException {
        draining = true;
        if (slots.tryAcquire(concurrency, millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            slots.release(concurrency);
            return true;
        }
        return false;
    }

    /** Gives a slot back. */
    public void release() {
        slots.release();
    }

    /** Runs {@code task}; the future interrupts it when cancelled. */
    public Future<?> submit(Runnable task) {
        if (threads == null) {
            task.run();
            return CompletableFuture.completedFuture(null);
        }
        return threads.submit(task);
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.close();
        }
    }
}
