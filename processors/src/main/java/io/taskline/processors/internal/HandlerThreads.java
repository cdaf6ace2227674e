package io.taskline.processors.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
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
    private volatile boolean closed;

    HandlerThreads(String name, int max, Duration keepAlive) {
        this.name = name;
        this.max = max;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /** Runs {@code task} on one of the threads; cancelling the future interrupts it. */
    Future<?> submit(Runnable task) {
        if (closed) {
            throw new IllegalStateException("the handler threads of " + name + " are closed");
        }
        FutureTask<Void> future = new FutureTask<>(task, null);
        tasks.add(future);
        if (searching.get() == 0) {
            wakeOne();
        }
        return future;
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

        void run() {
            try {
                while (!closed) {
                    Runnable task = tasks.poll();
                    if (task != null) {
                        if (searching.decrementAndGet() == 0 && !tasks.isEmpty()) {
                            wakeOne();
                        }
                        Thread.interrupted(); // a cancel aimed at the previous task must not reach this one
                        task.run();
                        searching.incrementAndGet();
                    } else if (!sleep()) {
                        return;
                    }
                }
            } finally {
                all.remove(this);
                started.decrementAndGet();
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
