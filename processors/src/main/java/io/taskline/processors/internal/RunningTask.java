package io.taskline.processors.internal;

import io.taskline.processors.TaskHandler;
import io.taskline.schemas.Task;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One admitted task of a partition, from the moment its record is in the in-flight store until its
 * outcome is routed: waiting behind its key, waiting for a rate-limit permit, or running.
 * Exactly one of completion and timeout settles it ({@link #settle()}).
 */
final class RunningTask {

    final long seq;
    final Record<byte[], byte[]> record;
    final Task task;
    final TaskHandler<?> handler;
    final Object payload;
    final Set<String> rateLimits;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean slotFreed = new AtomicBoolean();
    volatile Future<?> future;
    volatile Runnable cancel = () -> { };
    AttemptDeadline deadline;
    EnvelopeContext context;
    long permitAtNanos;
    boolean permitted;
    long startNanos;

    RunningTask(long seq, Record<byte[], byte[]> record, Task task, TaskHandler<?> handler, Object payload,
                Set<String> rateLimits) {
        this.seq = seq;
        this.record = record;
        this.task = task;
        this.handler = handler;
        this.payload = payload;
        this.rateLimits = rateLimits;
    }

    /** True for the first caller only: the one that routes the outcome. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    /**
     * True for the first caller only: the one that gives the task's pool slot back, the handler's
     * thread when it finishes or the stream thread when the attempt times out or the partition goes.
     */
    boolean freeSlot() {
        return slotFreed.compareAndSet(false, true);
    }

    boolean isSettled() {
        return settled.get();
    }

    /** The ordering key, or null for a task without one (it waits for nobody). */
    String key() {
        return task.getKey();
    }

    long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
