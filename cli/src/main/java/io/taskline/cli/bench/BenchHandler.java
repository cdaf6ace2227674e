package io.taskline.cli.bench;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's task: does nothing, or waits like an I/O call, optionally failing its first
 * attempt; records when tasks start and end and how long each waited since it was published.
 *
 * <p>Usage: {@code BenchHandler h = BenchHandler.sleeping(Duration.ofMillis(50)); ...; h.completed();}
 */
final class BenchHandler implements TaskHandler<Message> {

    private final Duration work;
    private final boolean failFirstAttempt;
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger firstAttempts = new AtomicInteger();
    private final AtomicLong lastFirstAttempt = new AtomicLong(Long.MIN_VALUE);
    private final Samples endToEnd = new Samples();
    private final Map<String, Long> secondAttemptStart = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();
    private final Set<String> rateLimits;
    private final Set<String> warmUpTasks = ConcurrentHashMap.newKeySet();
    private volatile boolean clockRunning = true;

    private BenchHandler(Duration work, boolean failFirstAttempt, Set<String> rateLimits) {
        this.work = work;
        this.failFirstAttempt = failFirstAttempt;
        this.rateLimits = rateLimits;
    }

    private BenchHandler(Duration work, boolean failFirstAttempt) {
        this(work, failFirstAttempt, Set.of());
    }

    /** Returns at once after a permit of rate limit {@code limit}. */
    static BenchHandler limitedBy(String limit) {
        return new BenchHandler(Duration.ZERO, false, Set.of(limit));
    }

    @Override
    public Set<String> rateLimits() {
        return rateLimits;
    }

    /** Returns at once. */
    static BenchHandler noop() {
        return new BenchHandler(Duration.ZERO, false);
    }

    /** Blocks for {@code work}, like a call to an email API. */
    static BenchHandler sleeping(Duration work) {
        return new BenchHandler(work, false);
    }

    /** Fails attempt 1 and succeeds on attempt 2. */
    static BenchHandler failingOnce() {
        return new BenchHandler(Duration.ZERO, true);
    }

    @Override
    public Class<Message> payloadType() {
        return Message.class;
    }

    @Override
    public void handle(Message payload, TaskContext ctx) throws InterruptedException {
        long startNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        firstStart.accumulateAndGet(startNanos, Math::min);
        if (!rateLimits.isEmpty()) {
            starts.add(startNanos);
        }
        if (ctx.attempt() == 1) {
            firstAttempts.incrementAndGet();
            lastFirstAttempt.accumulateAndGet(startNanos, Math::max);
            if (clockRunning) {
                endToEnd.add(nowMillis - ctx.enqueuedAt().toEpochMilli());
            } else {
                warmUpTasks.add(ctx.taskId());
            }
            if (failFirstAttempt) {
                throw new IllegalStateException("benchmark: first attempt fails");
            }
        } else if (!warmUpTasks.contains(ctx.taskId())) {
            secondAttemptStart.put(ctx.taskId(), nowMillis);
        }
        if (!work.isZero()) {
            Thread.sleep(work.toMillis());
        }
        completed.incrementAndGet();
        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /**
     * Until {@link #startClock()}, tasks whose first attempt starts are warm-up: neither their
     * latency nor their retry's lateness is recorded.
     */
    void holdClock() {
        clockRunning = false;
    }

    /** Records the tasks whose first attempt starts from now on. */
    void startClock() {
        clockRunning = true;
    }

    /** Tasks that ended successfully. */
    int completed() {
        return completed.get();
    }

    /** Tasks per second between the first start and the last end. */
    double rate() {
        double seconds = (lastEnd.get() - firstStart.get()) / 1e9;
        return seconds <= 0 ? Double.NaN : completed.get() / seconds;
    }

    /** {@link System#nanoTime()} when the last successful run ended. */
    long lastEndNanos() {
        return lastEnd.get();
    }

    /**
     * First attempts started per second, from the first start to the last first-attempt start: for
     * a backlog of {@link #failingOnce()} tasks, the rate at which the worker fails tasks into a tier.
     */
    double firstAttemptRate() {
        double seconds = (lastFirstAttempt.get() - firstStart.get()) / 1e9;
        return seconds <= 0 ? Double.NaN : (firstAttempts.get() - 1) / seconds;
    }

    /** Publish → first-attempt start, in milliseconds, of every task. */
    Latencies endToEnd() {
        return endToEnd.latencies();
    }

    /** The most starts within any window of {@code window} (recorded for rate-limited handlers only). */
    int busiestWindow(Duration window) {
        long[] sorted = starts.stream().mapToLong(Long::longValue).sorted().toArray();
        int most = 0;
        for (int i = 0, j = 0; i < sorted.length; i++) {
            while (sorted[i] - sorted[j] >= window.toNanos()) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /** When each retried task's second attempt started (epoch millis), by task id. */
    Map<String, Long> secondAttemptStarts() {
        return Map.copyOf(secondAttemptStart);
    }
}
