package io.taskline.processors.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads a queue's handlers run on: up to {@code max} daemon threads, started as needed,
 * ended after {@code keepAlive} idle. Unlike a {@code ThreadPoolExecutor}, a submit wakes a
 * sleeping thread only when no thread is awake to take the task, and a thread that takes a task
 * while more wait wakes the next one. A thread that runs out of tasks sleeps at once: one that
 * kept looking for 200 µs took a quarter to a third of a core through no-op backlogs on this
 * 2-core machine, from the stream thread and the broker, and the no-op rate was no higher for it
 * (BENCHMARKS.md). Blocking tasks still each get a thread of their own.
 *
 * <p>Usage: {@code HandlerThreads t = new HandlerThreads("emails", 64, Duration.ofSeconds(30)); Future<?> f = t.submit(run);}
 */
final class HandlerThreads implements AutoCloseable {

    private final String name;
    private final int max;
    private final long keepAliveNanos;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Runner> idle = new ConcurrentLinkedDeque<>();
    private final Set<Runner> all = ConcurrentHashMap.newKeySet();
    /** Threads awake and not running a task: each looks at the queue again before it sleeps. */
    private final AtomicInteger searching = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger numbered = new AtomicInteger();
    private final AtomicInteger abandonedCount = new AtomicInteger();
    private volatile boolean closed;

    HandlerThreads(String name, int max, Duration keepAlive) {
        this.name = name;
        this.max = max;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /**
     * Runs {@code task} on one of the threads; cancelling the future interrupts it. A thread whose
     * task was cancelled and that goes on running it (a handler stuck in a call that ignores
     * interrupts) no longer counts against {@code max}: another thread takes the next tasks, and
     * the stuck one ends when its task does. At most {@code max} threads are given up on at once.
     */
    Future<?> submit(Runnable task) {
        if (closed) {
            throw new IllegalStateException("the handler threads of " + name + " are closed");
        }
        FutureTask<Void> future = new FutureTask<>(task, null) {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                abandonRunnerOf(this);
                return cancelled;
            }
        };
        tasks.add(future);
        if (searching.get() == 0) {
            wakeOne();
        }
        return future;
    }

    /** Threads still running a task that was cancelled: they count against no maximum. */
    int abandoned() {
        return (int) all.stream().filter(r -> r.abandoned.get()).count();
    }

    private void abandonRunnerOf(Runnable task) {
        for (Runner runner : all) {
            if (runner.current != task) {
                continue;
            }
            // At most max threads are given up on at once: handlers that hang for good, attempt
            // after attempt, would otherwise add a thread each until the process cannot make more.
            if (abandonedCount.incrementAndGet() > max) {
                abandonedCount.decrementAndGet();
                return;
            }
            if (!runner.abandoned.compareAndSet(false, true)) {
                abandonedCount.decrementAndGet();
                return;
            }
            started.decrementAndGet();
            if (!tasks.isEmpty() && searching.get() == 0) {
                wakeOne();
            }
            return;
        }
    }

    /** Threads asleep, waiting to be woken for a task. */
    int sleeping() {
        return idle.size();
    }

    /** Threads alive now. */
    int threads() {
        return all.size();
    }

    private void wakeOne() {
        Runner sleeper = idle.pollFirst();
        if (sleeper != null) {
            searching.incrementAndGet();
            sleeper.signalled = true;
            LockSupport.unpark(sleeper.thread);
            return;
        }
        while (true) {
            int n = started.get();
            if (n >= max) {
                return; // every thread is busy: the first to finish takes the task
            }
            if (started.compareAndSet(n, n + 1)) {
                searching.incrementAndGet();
                Runner runner = new Runner();
                Thread thread = new Thread(runner::run, "taskline-" + name + "-" + numbered.incrementAndGet());
                thread.setDaemon(true);
                runner.thread = thread;
                all.add(runner);
                thread.start();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Runner runner : all) {
            runner.signalled = true;
            runner.thread.interrupt();
            LockSupport.unpark(runner.thread);
        }
        tasks.clear();
    }

    private final class Runner {
        private volatile Thread thread;
        private volatile boolean signalled;
        /** The task this thread runs now, if any. */
        private volatile Runnable current;
        /** Its task was cancelled while it ran: no longer counted in {@code started}; ends after it. */
        private final AtomicBoolean abandoned = new AtomicBoolean();

        void run() {
            try {
                while (!closed) {
                    Runnable task = tasks.poll();
                    if (task != null) {
                        if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) {
                            wakeOne();
                        }
                        Thread.interrupted(); // a cancel aimed at the previous task must not reach this one
                        current = task;
                        task.run();
                        current = null;
                        if (abandoned.get()) {
                            return;
                        }
                        searching.incrementAndGet();
                    } else if (!sleep()) {
                        return;
                    }
                }
            } finally {
                all.remove(this);
                if (abandoned.get()) {
                    abandonedCount.decrementAndGet();
                } else {
                    started.decrementAndGet();
                }
            }
        }

        /** Sleeps until woken for a task; false when idle for the keep-alive time (the thread ends). */
        private boolean sleep() {
            searching.decrementAndGet();
            idle.addFirst(this);
            if (!tasks.isEmpty() && idle.remove(this)) {
                searching.incrementAndGet(); // a task came in meanwhile and nobody woke us for it
                return true;
            }
            long deadline = System.nanoTime() + keepAliveNanos;
            while (!signalled && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (idle.remove(this)) {
                        return false;
                    }
                    continue; // being woken right now
                }
                LockSupport.parkNanos(this, left);
            }
            signalled = false; // whoever woke us counted us as searching
            return !closed;
        }
    }
}
