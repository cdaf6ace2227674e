package io.taskline.processors.internal;

import io.taskline.processors.TaskHandler;
import io.taskline.processors.TaskTimeoutException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Decides when each admitted task of one partition runs: tasks of a key one after another in
 * admission order, other keys side by side, each after its rate-limit permits, each in a slot of
 * the queue's {@link TaskPool}. Handlers run on the pool; their outcomes wait in a queue until the
 * stream thread {@link #drain() drains} them, so every record is forwarded on the stream thread.
 * Everything but that queue is confined to the stream thread.
 */
final class TaskDispatcher {

    /** Rounds of routing and starting per drain: outcomes that arrive meanwhile wait for the next one. */
    private static final int MAX_PASSES = 64;
    private static final long WAIT_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** What the task step does at each turn of a task's life. */
    interface Steps {
        /** Called on the stream thread just before the handler runs: set deadline and context, emit the start. */
        void starting(RunningTask task);

        /** Called on the stream thread with how the attempt ended. */
        void finished(RunningTask task, Outcome outcome);

        /** True when {@code task} must not run now because its key waits for a retry: it has been parked. */
        boolean parked(RunningTask task);
    }

    private final TaskPool pool;
    private final RateLimits limits;
    private final Steps steps;
    private final Clock clock;
    private final Map<String, ArrayDeque<RunningTask>> byKey = new HashMap<>();
    private final ArrayDeque<RunningTask> ready = new ArrayDeque<>();
    private final PriorityQueue<RunningTask> awaitingPermit =
            new PriorityQueue<>(Comparator.comparingLong(t -> t.permitAtNanos));
    private final Set<RunningTask> running = new LinkedHashSet<>();
    private final CompletionQueue completions = new CompletionQueue();
    private int admitted;
    /** No running attempt's deadline is before this (extensions only push deadlines later). */
    private long earliestDeadlineMillis = Long.MAX_VALUE;

    TaskDispatcher(TaskPool pool, RateLimits limits, Steps steps, Clock clock) {
        this.pool = pool;
        this.limits = limits;
        this.steps = steps;
        this.clock = clock;
    }

    /** Takes {@code task} in; it runs when its key's earlier tasks are done, a permit and a slot are there. */
    void admit(RunningTask task) {
        admitted++;
        String key = task.key();
        if (key == null) {
            ready.add(task);
            return;
        }
        ArrayDeque<RunningTask> line = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
        line.add(task);
        if (line.size() == 1) {
            ready.add(task);
        }
    }

    /** Tasks admitted and not yet routed. */
    int admitted() {
        return admitted;
    }

    /** Tasks whose handler runs now. */
    int running() {
        return running.size();
    }

    /** Routes every outcome that arrived, fails attempts past their deadline, starts what may start. */
    void drain() {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Completion done;
            while ((done = completions.poll()) != null) {
                finish(done);
            }
            expire();
            pump();
            if (completions.isEmpty()) {
                return;
            }
        }
    }

    /**
     * Once {@code cap} or more tasks are admitted, waits for outcomes and routes them until a slot
     * is free again (or nothing runs), for at most {@code budgetNanos}; returns the time spent.
     * This is the worker's backpressure: the stream thread takes no new record while it waits.
     * Waiting until a quarter was free left a quarter of the slots empty part of the time: 50 ms
     * tasks at concurrency 200 ran at 66-81% of ideal, 80-87% resuming at one free slot (BENCHMARKS.md).
     */
    long awaitRoom(int cap, long budgetNanos) {
        if (admitted < cap) {
            return 0;
        }
        long start = System.nanoTime();
        while (admitted >= cap && !running.isEmpty()) {
            long left = budgetNanos - (System.nanoTime() - start);
            if (left <= 0) {
                break;
            }
            try {
                Completion done = completions.poll(Math.min(left, WAIT_STEP_NANOS));
                if (done != null) {
                    finish(done);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            drain();
        }
        return System.nanoTime() - start;
    }

    /** Stops caring for every task: running handlers are interrupted; their outcomes are dropped. */
    void close() {
        for (RunningTask task : running) {
            if (task.settle()) {
                cancel(task);
                freeSlot(task);
                pool.routed();
            }
        }
        running.clear();
        ready.clear();
        awaitingPermit.clear();
        byKey.clear();
        completions.clear();
        admitted = 0;
    }

    private void pump() {
        long now = System.nanoTime();
        while (!awaitingPermit.isEmpty() && awaitingPermit.peek().permitAtNanos - now <= 0) {
            ready.addFirst(awaitingPermit.poll());
        }
        while (!ready.isEmpty()) {
            RunningTask task = ready.peek();
            if (steps.parked(task)) {
                ready.poll();
                admitted--;
                advance(task);
                continue;
            }
            if (!task.permitted && !task.rateLimits.isEmpty()) {
                task.permitted = true;
                long wait = 0;
                for (String limit : task.rateLimits) {
                    wait = Math.max(wait, limits.reserve(limit));
                }
                if (wait > 0) {
                    task.permitAtNanos = now + wait;
                    awaitingPermit.add(ready.poll());
                    continue;
                }
            }
            if (!pool.tryAcquire()) {
                return;
            }
            if (!task.rateLimits.isEmpty()) {
                // The permit's time has come, but this thread may have reached it late (a commit, a
                // poll) together with the next one: starts keep their spacing whatever the delay.
                long gap = limits.tryStart(task.rateLimits);
                if (gap > 0) {
                    pool.release();
                    task.permitAtNanos = now + gap;
                    awaitingPermit.add(ready.poll());
                    continue;
                }
            }
            start(ready.poll());
        }
    }

    private void start(RunningTask task) {
        running.add(task);
        pool.started();
        task.startNanos = System.nanoTime();
        steps.starting(task);
        if (task.deadline != null) {
            earliestDeadlineMillis = Math.min(earliestDeadlineMillis, task.deadline.atMillis());
        }
        task.future = pool.submit(() -> run(task));
    }

    @SuppressWarnings("unchecked")
    private void run(RunningTask task) {
        try {
            CompletionStage<Void> stage = ((TaskHandler<Object>) task.handler).handleAsync(task.payload, task.context);
            CompletableFuture<Void> future = stage.toCompletableFuture();
            task.cancel = () -> future.cancel(true);
            stage.whenComplete((ok, error) -> {
                Outcome outcome = error == null ? new Outcome.Succeeded(task.elapsedMs())
                        : new Outcome.Failed(unwrap(error), task.elapsedMs());
                freeSlot(task);
                completions.add(new Completion(task, outcome));
            });
        } catch (Throwable e) {
            // Errors too (a StackOverflowError, a NoClassDefFoundError, even an OutOfMemoryError):
            // rethrown here they would vanish into the pool's future, and the task would hold its
            // slot and its key's line until its timeout, then count as timed out.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Outcome outcome = new Outcome.Failed(e, task.elapsedMs());
            freeSlot(task);
            completions.add(new Completion(task, outcome));
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private void finish(Completion done) {
        if (done.task().settle()) {
            complete(done.task(), done.outcome());
        }
    }

    /** Fails the attempts past their deadline; looks at the running tasks only once the earliest deadline passed. */
    private void expire() {
        if (clock.millis() <= earliestDeadlineMillis) {
            return;
        }
        earliestDeadlineMillis = Long.MAX_VALUE;
        for (RunningTask task : new ArrayList<>(running)) {
            if (task.deadline == null) {
                continue;
            }
            if (task.deadline.isPast() && task.settle()) {
                cancel(task);
                complete(task, new Outcome.Failed(new TaskTimeoutException(task.deadline.granted()), task.elapsedMs()));
            } else if (running.contains(task)) {
                earliestDeadlineMillis = Math.min(earliestDeadlineMillis, task.deadline.atMillis());
            }
        }
    }

    private void complete(RunningTask task, Outcome outcome) {
        running.remove(task);
        freeSlot(task);
        pool.routed();
        admitted--;
        steps.finished(task, outcome);
        advance(task);
    }

    /** {@code task} leaves its key's line; the next task of the key becomes ready. */
    private void advance(RunningTask task) {
        String key = task.key();
        if (key == null) {
            return;
        }
        ArrayDeque<RunningTask> line = byKey.get(key);
        if (line == null) {
            return;
        }
        line.remove(task);
        if (line.isEmpty()) {
            byKey.remove(key);
        } else if (line.peek() != null && !ready.contains(line.peek())) {
            ready.add(line.peek());
        }
    }

    /** The handler ended or was given up on: the next task may take its slot, on any partition. */
    private void freeSlot(RunningTask task) {
        if (task.freeSlot()) {
            pool.release();
        }
    }

    private static void cancel(RunningTask task) {
        if (task.future != null) {
            task.future.cancel(true);
        }
        task.cancel.run();
    }
}
