package io.taskline.processors.testing;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test handler that takes {@code duration} per task (sleeping, so it can be interrupted) and
 * records when each run started and ended and how many ran at once at most.
 *
 * <p>Usage: {@code SlowHandler h = SlowHandler.taking(Duration.ofMillis(100)); h.maxConcurrent()}
 */
public final class SlowHandler implements TaskHandler<Message> {

    /** One run: which task, of which key, attempt, when it started and ended, and whether it was interrupted. */
    public record Run(String taskId, String key, int attempt, Instant start, Instant end, boolean interrupted) {
    }

    private final Duration duration;
    private final Set<String> rateLimits;
    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final List<Run> starts = new CopyOnWriteArrayList<>();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    private SlowHandler(Duration duration, Set<String> rateLimits) {
        this.duration = duration;
        this.rateLimits = rateLimits;
    }

    /** A handler whose every run takes {@code duration}. */
    public static SlowHandler taking(Duration duration) {
        return new SlowHandler(duration, Set.of());
    }

    /** A copy that declares these rate limits. */
    public SlowHandler waitingFor(String... limits) {
        return new SlowHandler(duration, Set.of(limits));
    }

    @Override
    public Class<Message> payloadType() {
        return Message.class;
    }

    @Override
    public Set<String> rateLimits() {
        return rateLimits;
    }

    @Override
    public void handle(Message payload, TaskContext ctx) {
        Instant start = Instant.now();
        starts.add(new Run(ctx.taskId(), ctx.key(), ctx.attempt(), start, null, false));
        max.accumulateAndGet(current.incrementAndGet(), Math::max);
        boolean interrupted = false;
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
            Thread.currentThread().interrupt();
        } finally {
            current.decrementAndGet();
            runs.add(new Run(ctx.taskId(), ctx.key(), ctx.attempt(), start, Instant.now(), interrupted));
        }
    }

    /** Every run that ended, in the order they ended. */
    public List<Run> runs() {
        return List.copyOf(runs);
    }

    /** Every run that started, in the order they started. */
    public List<Run> starts() {
        return List.copyOf(starts);
    }

    /** The most runs at the same time so far. */
    public int maxConcurrent() {
        return max.get();
    }
}
