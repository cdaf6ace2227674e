package io.taskline.processors.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What runs a worker's handlers: one {@link TaskPool} per queue and the worker's named rate
 * limits. {@link #direct()} runs every task on the stream thread, for {@code TopologyTestDriver}
 * tests where outcomes must be routed before {@code pipeInput} returns.
 *
 * <p>Usage: {@code try (TaskEngine engine = TaskEngine.threads(RateLimits.from(props))) { ... }}
 */
public final class TaskEngine implements AutoCloseable {

    private final boolean direct;
    private final RateLimits limits;
    private final Map<String, TaskPool> pools = new ConcurrentHashMap<>();

    private TaskEngine(boolean direct, RateLimits limits) {
        this.direct = direct;
        this.limits = limits;
    }

    /** Handlers on bounded thread pools, one per queue. */
    public static TaskEngine threads(RateLimits limits) {
        return new TaskEngine(false, limits);
    }

    /** Handlers on the stream thread, one at a time; no timeouts can interrupt them. */
    public static TaskEngine direct() {
        return new TaskEngine(true, RateLimits.from(Map.of()));
    }

    /** As {@link #direct()}, with rate limits. */
    public static TaskEngine direct(RateLimits limits) {
        return new TaskEngine(true, limits);
    }

    /** The pool of {@code queue}, created on first use with {@code concurrency} slots. */
    public TaskPool pool(String queue, int concurrency) {
        return pools.computeIfAbsent(queue, q -> direct ? TaskPool.direct(concurrency) : TaskPool.threads(q, concurrency));
    }

    /** The worker's named rate limits. */
    public RateLimits limits() {
        return limits;
    }

    /**
     * Lets the tasks running now finish and their outcomes be routed, starting no new ones, for at
     * most {@code timeout} in all; true when all did.
     */
    public boolean drain(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (TaskPool pool : pools.values()) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            all &= pool.drain(left);
        }
        return all;
    }

    @Override
    public void close() {
        pools.values().forEach(TaskPool::close);
    }
}
