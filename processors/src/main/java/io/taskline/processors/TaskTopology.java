package io.taskline.processors;

import io.taskline.processors.internal.BatchTracking;
import io.taskline.processors.internal.DelayedTaskGate;
import io.taskline.processors.internal.NodeNames;
import io.taskline.processors.internal.ScheduleNodes;
import io.taskline.processors.internal.ScheduleProcessor;
import io.taskline.processors.internal.TaskEngine;
import io.taskline.processors.internal.TaskMetrics;
import io.taskline.processors.internal.TaskPool;
import io.taskline.processors.internal.TaskProcessor;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.state.Stores;

/**
 * The worker topology as one pure function: for each queue, source → delay gate → task step →
 * sinks for its tiers, its DLQ, the next steps of chains and {@code taskline.events}, with a store of delayed tasks (by run
 * time) and a store of completed task ids. See {@code docs/delayed-tasks.md} for the delay gate.
 * One more sub-topology fires the recurring tasks of those queues (see {@code docs/recurring-tasks.md}).
 * Then the batch tracker of the batches whose callback queue is among them ({@code docs/batches.md}).
 *
 * <p>Usage: {@code Topology t = TaskTopology.build(queues, codec, Clock.systemUTC(), "worker-1");}
 * The same function is tested with {@code TopologyTestDriver}.
 */
public final class TaskTopology {

    /** How long a completed task id is remembered to skip duplicates. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
    /** How late a schedule's fire time may be before its misfire policy decides. */
    public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofMinutes(1);
    /**
     * The in-flight store's changelog: an in-memory store restores from the start of its
     * changelog, and every task writes an entry and its tombstone there, so segments roll every
     * minute and are compacted soon, and tombstones go a minute after compaction. A tombstone a
     * slow restore misses only re-admits a task the dedup store then skips as completed.
     */
    static final Map<String, String> IN_FLIGHT_CHANGELOG = Map.of(
            "segment.ms", "60000",
            "min.cleanable.dirty.ratio", "0.1",
            "delete.retention.ms", "60000");

    private TaskTopology() {
    }

    /**
     * Builds the topology of {@code queues}, running each task on the stream thread before the
     * next record is read ({@link TaskEngine#direct()}): for {@code TopologyTestDriver} tests.
     */
    public static Topology build(List<QueueBinding> queues, RecordCodec codec, Clock clock, String worker) {
        return build(queues, codec, clock, worker, TaskEngine.direct(), DEFAULT_DEDUP_WINDOW, TaskMetrics.NONE);
    }

    /** Builds the topology with an explicit engine, dedup window and metrics. */
    static Topology build(List<QueueBinding> queues, RecordCodec codec, Clock clock, String worker,
                          TaskEngine engine, Duration dedupWindow, TaskMetrics metrics) {
        return build(queues, codec, clock, worker, engine, dedupWindow, metrics, DEFAULT_MISFIRE_THRESHOLD);
    }

    /** Builds the topology with an explicit engine, dedup window, metrics and misfire threshold. */
    static Topology build(List<QueueBinding> queues, RecordCodec codec, Clock clock, String worker,
                          TaskEngine engine, Duration dedupWindow, TaskMetrics metrics, Duration misfireThreshold) {
        Topology topology = new Topology();
        for (QueueBinding queue : queues) {
            addQueue(topology, queue, codec, clock, worker, engine, dedupWindow, metrics);
        }
        addSchedules(topology, queues, codec, worker, misfireThreshold);
        BatchTracking.addTo(topology, queues.stream().map(q -> q.spec().name()).collect(Collectors.toSet()),
                codec, clock, worker);
        return topology;
    }

    private static void addSchedules(Topology topology, List<QueueBinding> queues, RecordCodec codec, String worker,
                                     Duration misfireThreshold) {
        Set<String> served = queues.stream().map(q -> q.spec().name()).collect(Collectors.toSet());
        topology.addSource(ScheduleNodes.SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                SystemTopics.SCHEDULES);
        topology.addProcessor(ScheduleNodes.PROCESSOR,
                () -> new ScheduleProcessor(served, codec, worker, misfireThreshold), ScheduleNodes.SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                ScheduleNodes.DEFINITIONS_STORE), Serdes.String(), Serdes.ByteArray()), ScheduleNodes.PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                ScheduleNodes.FIRED_THROUGH_STORE), Serdes.String(), Serdes.Long()), ScheduleNodes.PROCESSOR);
        for (QueueBinding queue : queues) {
            topology.addSink(ScheduleNodes.taskSink(queue.spec().name()), queue.spec().topics().queue(),
                    Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), ScheduleNodes.PROCESSOR);
        }
        topology.addSink(ScheduleNodes.EVENTS_SINK, SystemTopics.EVENTS, Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), ScheduleNodes.PROCESSOR);
    }

    /** The queue a chain's next step goes to, from the header the task step puts on it. */
    private static String chainTarget(byte[] key, byte[] value, RecordContext context) {
        Header queue = context.headers().lastHeader(TaskHeaders.QUEUE);
        if (queue == null) {
            throw new IllegalStateException("a chain step record without a " + TaskHeaders.QUEUE + " header");
        }
        return new String(queue.value(), StandardCharsets.UTF_8);
    }

    private static void addQueue(Topology topology, QueueBinding queue, RecordCodec codec, Clock clock,
                                 String worker, TaskEngine engine, Duration dedupWindow, TaskMetrics metrics) {
        QueueSpec spec = queue.spec();
        QueueTopics topics = spec.topics();
        NodeNames names = new NodeNames(spec.name());
        topology.addSource(names.source(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.queue());
        topology.addProcessor(names.delayGate(), () -> new DelayedTaskGate(spec.name(), codec, clock, worker),
                names.source());
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(names.delayedStore()),
                Serdes.Bytes(), Serdes.ByteArray()), names.delayGate());
        TaskPool pool = engine.pool(spec.name(), queue.execution().concurrency());
        topology.addProcessor(names.processor(), () -> new TaskProcessor(spec, queue.execution(), queue.handlers(),
                codec, pool, engine.limits(), clock, worker, dedupWindow, metrics), names.delayGate());
        // Not cached: measured side by side (taskline bench), caching these stores made no-op
        // tasks no faster and 50 ms tasks at concurrency 200 slower (65-69% of the ideal rate
        // cached, 81% uncached).
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(names.completedStore()),
                Serdes.String(), Serdes.Long()), names.processor());
        // In memory: it holds at most the tasks admitted and not routed (a few hundred), and a
        // RocksDB put and delete per task measured as a large share of the stream thread's time.
        // Restored from its changelog, which is compacted within minutes (see IN_FLIGHT_CHANGELOG).
        // Written through: holding entries back (until the commit, or 5-40 ms) so that short tasks
        // are never written made no-op tasks 1.2-1.36x faster but 50 ms tasks at concurrency 200
        // 3-7% slower, measured side by side (BENCHMARKS.md).
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(names.inFlightStore()),
                Serdes.Long(), Serdes.ByteArray()).withLoggingEnabled(IN_FLIGHT_CHANGELOG), names.processor());
        if (queue.execution().ordering() == Ordering.KEY) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(names.blockersStore()),
                    Serdes.String(), Serdes.String()), names.processor());
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
                    names.keyParkedStore()), Serdes.Bytes(), Serdes.ByteArray()), names.processor());
        }
        for (Duration tier : spec.tiers()) {
            topology.addSink(names.tierSink(tier), topics.tier(tier), Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer(), names.processor());
        }
        topology.addSink(names.dlqSink(), topics.dlq(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), names.processor());
        topology.addSink(names.chainSink(), TaskTopology::chainTarget, Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), names.processor());
        topology.addSink(names.eventsSink(), SystemTopics.EVENTS, Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), names.delayGate(), names.processor());
        topology.addSink(names.batchEventsSink(), SystemTopics.BATCH_EVENTS, Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), names.processor());
    }
}
