package io.taskline.processors.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The threads one queue's handlers run on in one worker, and its concurrency: every partition's
 * task step takes a slot before it starts a task, and the slot comes back when the handler ends
 * (or its attempt times out), so a worker runs at most {@code concurrency} handlers of the queue
 * at once, whatever its partitions and stream threads. The slot does not wait for the outcome to
 * be routed: that happens on the stream thread that owns the partition, and a slot held until then
 * sat idle while that thread was busy elsewhere (with two stream threads, 50 ms tasks at
 * concurrency 200 ran at 45-59% of the ideal rate, one thread's finished tasks holding slots the
 * other waited for). Started tasks whose outcome is not routed yet are counted apart, for
 * {@link #drain(long)}.
 *
 * <p>Usage: {@code if (pool.tryAcquire()) { pool.started(); pool.submit(run); } ... pool.release(); ... pool.routed();}
 */
public final class TaskPool implements AutoCloseable {

    private final Semaphore slots;
    private final HandlerThreads threads;
    private volatile boolean draining;
    /** Tasks started whose outcome is not routed yet; guarded by {@code this}. */
    private int unrouted;

    private TaskPool(int concurrency, HandlerThreads threads) {
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
     * Starts no more tasks and waits until every started one has had its outcome routed, or
     * {@code millis} passed; true when none is left. Tasks admitted meanwhile stay in the in-flight
     * store for the partition's next owner.
     */
    public synchronized boolean drain(long millis) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (unrouted > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Gives a slot back: the handler ended, its attempt timed out, or it never started. */
    public void release() {
        slots.release();
    }

    /** A task took its slot and starts now: its outcome is to be routed. */
    public synchronized void started() {
        unrouted++;
    }

    /** A started task's outcome was routed, or dropped with its partition. */
    public synchronized void routed() {
        unrouted--;
        if (unrouted == 0) {
            notifyAll();
        }
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
