package io.taskline.dlq;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue lag as Prometheus gauges, measured every interval in the background:
 * {@code taskline_queue_lag_records{queue,partition}} (queue topic),
 * {@code taskline_queue_lag_seconds{queue}} (age of the oldest waiting task),
 * {@code taskline_retry_tier_depth{queue,tier}} and {@code taskline_dlq_records{queue}}.
 * A failed measurement is logged and the gauges keep their last values.
 *
 * <p>Usage: {@code Worker.builder(config).meters(new LagMetrics(tracker, config.queues(), Duration.ofSeconds(10)))}
 */
public final class LagMetrics implements MeterBinder, AutoCloseable {

    /** How often the worker measures lag when not told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(LagMetrics.class);

    private final LagTracker tracker;
    private final List<String> queues;
    private final Duration interval;
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "taskline-lag-metrics");
        t.setDaemon(true);
        return t;
    });
    private volatile MeterRegistry registry;
    private volatile boolean failing;

    /** Gauges for {@code queues}, measured by {@code tracker} (closed with this) every {@code interval}. */
    public LagMetrics(LagTracker tracker, List<String> queues, Duration interval) {
        this.tracker = tracker;
        this.queues = List.copyOf(queues);
        this.interval = interval;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = meterRegistry;
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Measures every queue once and updates the gauges. */
    void refresh() {
        try {
            for (QueueLag lag : tracker.measure(queues)) {
                for (PartitionLag p : lag.queueTopic().partitions()) {
                    set("taskline.queue.lag.records", "records behind on the queue topic",
                            List.of("queue", lag.queue(), "partition", Integer.toString(p.partition())), p.records());
                }
                set("taskline.queue.lag.seconds", "age of the oldest task waiting on the queue topic",
                        List.of("queue", lag.queue()), lag.age().toSeconds());
                for (TopicLag tier : lag.tiers()) {
                    set("taskline.retry.tier.depth", "tasks waiting in a retry tier",
                            List.of("queue", lag.queue(), "tier", tier.tier()), tier.records());
                }
                set("taskline.dlq.records", "dead letters in the queue's dead-letter topic",
                        List.of("queue", lag.queue()), lag.dlq().records());
            }
            if (failing) {
                log.info("lag measurement works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("could not measure lag, keeping the last values: {}", e.toString());
                failing = true;
            }
        }
    }

    /** Sets a gauge, registering it the first time; {@code key} is the name then tag pairs. */
    private void set(String name, String description, List<String> tags, long value) {
        List<String> key = new ArrayList<>(tags.size() + 1);
        key.add(name);
        key.addAll(tags);
        values.computeIfAbsent(List.copyOf(key), k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::doubleValue)
                    .description(description)
                    .tags(tags.toArray(String[]::new))
                    .register(registry);
            return holder;
        }).set(value);
    }

    /** Stops measuring and closes the tracker. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tracker.close();
    }
}
