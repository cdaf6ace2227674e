package io.taskline.processors.testing;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.NonRetryableException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test handler that records every execution and fails as told: {@code aHandler(Message.class).failingTimes(2)}.
 */
public final class RecordingHandler<P> implements TaskHandler<P> {

    private final Class<P> payloadType;
    private final List<Execution> executions;
    private final Map<String, AtomicInteger> failuresById = new ConcurrentHashMap<>();
    private volatile int failTimes;
    private volatile boolean nonRetryable;
    private volatile String type = "?";
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    private RecordingHandler(Class<P> payloadType, List<Execution> executions) {
        this.payloadType = payloadType;
        this.executions = executions;
    }

    /** A handler that succeeds, recording into its own list. */
    public static <P> RecordingHandler<P> aHandler(Class<P> payloadType) {
        return new RecordingHandler<>(payloadType, new CopyOnWriteArrayList<>());
    }

    /** A handler recording into a shared list (to check order across types). */
    public static <P> RecordingHandler<P> aHandler(Class<P> payloadType, List<Execution> shared) {
        return new RecordingHandler<>(payloadType, shared);
    }

    /** Fail the first {@code n} attempts of each task id. */
    public RecordingHandler<P> failingTimes(int n) {
        this.failTimes = n;
        return this;
    }

    /** Fail every attempt. */
    public RecordingHandler<P> alwaysFailing() {
        return failingTimes(Integer.MAX_VALUE);
    }

    /** Fail with a non-retryable exception. */
    public RecordingHandler<P> nonRetryable() {
        this.nonRetryable = true;
        return failingTimes(Integer.MAX_VALUE);
    }

    /** Fail only these task ids, with a non-retryable exception, until {@link #fix()}. */
    public RecordingHandler<P> refusing(Set<String> taskIds) {
        refused.addAll(taskIds);
        return this;
    }

    /** The type name recorded with each execution. */
    public RecordingHandler<P> named(String value) {
        this.type = value;
        return this;
    }

    /** Stop failing from now on (the "fixed handler"). */
    public void fix() {
        this.failTimes = 0;
        this.nonRetryable = false;
        refused.clear();
    }

    @Override
    public Class<P> payloadType() {
        return payloadType;
    }

    @Override
    public void handle(P payload, TaskContext ctx) {
        executions.add(new Execution(ctx.taskId(), type, ctx.key(), ctx.attempt(), Clock.systemUTC().instant(), payload));
        if (refused.contains(ctx.taskId())) {
            throw new NonRetryableException("refused " + ctx.taskId());
        }
        int failedSoFar = failuresById.computeIfAbsent(ctx.taskId(), id -> new AtomicInteger()).get();
        if (failedSoFar < failTimes) {
            failuresById.get(ctx.taskId()).incrementAndGet();
            if (nonRetryable) {
                throw new NonRetryableException("refused " + ctx.taskId());
            }
            throw new IllegalStateException("failure " + (failedSoFar + 1) + " of " + ctx.taskId());
        }
    }

    /** Every execution so far. */
    public List<Execution> executions() {
        return List.copyOf(executions);
    }

    /** Executions of one task id. */
    public List<Execution> executionsOf(String taskId) {
        return executions.stream().filter(e -> e.taskId().equals(taskId)).toList();
    }
}
