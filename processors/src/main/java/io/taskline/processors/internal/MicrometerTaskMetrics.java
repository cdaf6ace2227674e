package io.taskline.processors.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Task metrics in a Micrometer registry: {@code taskline_tasks_total{queue,type,outcome}},
 * {@code taskline_task_duration_seconds{queue,type}} and
 * {@code taskline_task_queue_time_seconds{queue,type}} (histograms).
 */
public final class MicrometerTaskMetrics implements TaskMetrics {

    private final MeterRegistry registry;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Records into {@code registry}. */
    public MicrometerTaskMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void outcome(String queue, String type, String outcome) {
        Counter.builder("taskline.tasks").description("Task attempts by outcome")
                .tags("queue", queue, "type", type, "outcome", outcome)
                .register(registry).increment();
    }

    @Override
    public void inFlight(String queue, int delta) {
        inFlight.computeIfAbsent(queue, q -> registry.gauge("taskline.tasks.in.flight",
                io.micrometer.core.instrument.Tags.of("queue", q), new java.util.concurrent.atomic.AtomicInteger()))
                .addAndGet(delta);
    }

    @Override
    public void deadLetter(String queue, String type) {
        Counter.builder("taskline.dead.letters").description("Tasks that became dead letters")
                .tags("queue", queue, "type", type).register(registry).increment();
    }

    @Override
    public void duration(String queue, String type, long millis) {
        timer("taskline.task.duration", "How long handlers ran", queue, type).record(Duration.ofMillis(millis));
    }

    @Override
    public void queueTime(String queue, String type, long millis) {
        timer("taskline.task.queue.time", "From publish to start of an attempt", queue, type)
                .record(Duration.ofMillis(Math.max(0, millis)));
    }

    private Timer timer(String name, String description, String queue, String type) {
        return Timer.builder(name).description(description).tags("queue", queue, "type", type)
                .publishPercentileHistogram().register(registry);
    }
}
