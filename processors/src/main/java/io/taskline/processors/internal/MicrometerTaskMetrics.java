package io.taskline.processors.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task metrics in a Micrometer registry: {@code taskline_tasks_total{queue,type,outcome}},
 * {@code taskline_task_duration_seconds{queue,type}} and
 * {@code taskline_task_queue_time_seconds{queue,type}} (histograms). Each meter is looked up in
 * the registry once and kept: a task's outcome, duration and queue time cost a map lookup each.
 */
public final class MicrometerTaskMetrics implements TaskMetrics {

    private static final String TASKS = "taskline.tasks";
    private static final String DEAD_LETTERS = "taskline.dead.letters";
    private static final String DURATION = "taskline.task.duration";
    private static final String QUEUE_TIME = "taskline.task.queue.time";

    /** Which meter: its name and the label values that tell its series apart. */
    private record Series(String name, String queue, String type, String outcome) {
    }

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<Series, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    /** Records into {@code registry}. */
    public MicrometerTaskMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void outcome(String queue, String type, String outcome) {
        counters.computeIfAbsent(new Series(TASKS, queue, type, outcome), s -> Counter.builder(TASKS)
                .description("Task attempts by outcome")
                .tags("queue", queue, "type", type, "outcome", outcome).register(registry)).increment();
    }

    @Override
    public void inFlight(String queue, int delta) {
        inFlight.computeIfAbsent(queue, q -> registry.gauge("taskline.tasks.in.flight",
                Tags.of("queue", q), new AtomicInteger())).addAndGet(delta);
    }

    @Override
    public void deadLetter(String queue, String type) {
        counters.computeIfAbsent(new Series(DEAD_LETTERS, queue, type, null), s -> Counter.builder(DEAD_LETTERS)
                .description("Tasks that became dead letters")
                .tags("queue", queue, "type", type).register(registry)).increment();
    }

    @Override
    public void duration(String queue, String type, long millis) {
        timer(DURATION, "How long handlers ran", queue, type).record(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void queueTime(String queue, String type, long millis) {
        timer(QUEUE_TIME, "From publish to start of an attempt", queue, type)
                .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    private Timer timer(String name, String description, String queue, String type) {
        return timers.computeIfAbsent(new Series(name, queue, type, null), s -> Timer.builder(name)
                .description(description).tags("queue", queue, "type", type)
                .publishPercentileHistogram().register(registry));
    }
}
