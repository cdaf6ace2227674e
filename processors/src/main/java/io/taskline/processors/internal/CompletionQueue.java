package io.taskline.processors.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Outcomes handed from the handlers' threads to the one stream thread that routes them. Adding
 * takes no lock and wakes the stream thread only when it is waiting for an outcome, so a busy
 * stream thread is not signalled once per task.
 *
 * <p>Usage: handler threads {@code queue.add(c)}; the stream thread {@code queue.poll()} or
 * {@code queue.poll(nanos)}.
 */
final class CompletionQueue {

    private final ConcurrentLinkedQueue<Completion> queue = new ConcurrentLinkedQueue<>();
    private volatile Thread waiter;

    /** Hands {@code completion} over; wakes the stream thread if it waits. */
    void add(Completion completion) {
        queue.add(completion);
        Thread waiting = waiter;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** The next outcome, or null when none is there. */
    Completion poll() {
        return queue.poll();
    }

    /**
     * The next outcome, waiting up to {@code nanos} for one; null when none came.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Completion poll(long nanos) throws InterruptedException {
        Completion next = queue.poll();
        if (next != null || nanos <= 0) {
            return next;
        }
        long deadline = System.nanoTime() + nanos;
        waiter = Thread.currentThread();
        try {
            while ((next = queue.poll()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return next;
        } finally {
            waiter = null;
        }
    }

    /** True when no outcome waits. */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Drops every waiting outcome. */
    void clear() {
        queue.clear();
    }
}
