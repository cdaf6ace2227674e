package io.taskline.processors.internal;

import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each delayed task until it is due. A task whose {@code runAt} is ahead of the clock is
 * parked in a changelogged store keyed by (run time, task id) and announced with an
 * {@code ENQUEUED} event carrying its due time; every {@link #TICK} a wall-clock punctuator hands
 * the tasks that fell due, oldest first, to the task step. Everything else passes straight on.
 * Under exactly-once, parking commits with the queue offset and firing with the task's outcome,
 * so a restart or rebalance neither loses nor repeats a delayed task.
 */
public final class DelayedTaskGate implements Processor<byte[], byte[], byte[], byte[]> {

    /** How often due tasks are looked for: a delayed task starts at most about this late, plus the poll. */
    public static final Duration TICK = Duration.ofMillis(100);
    /** Work per tick, after which the stream thread gets back to polling and committing. */
    private static final Duration WORK_PER_TICK = Duration.ofMillis(250);
    private static final int BATCH = 64;
    private static final Logger log = LoggerFactory.getLogger(DelayedTaskGate.class);

    private final String queue;
    private final RecordCodec codec;
    private final Clock clock;
    private final String worker;
    private final NodeNames names;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> parked;

    /** Creates the gate of one queue. */
    public DelayedTaskGate(String queue, RecordCodec codec, Clock clock, String worker) {
        this.queue = queue;
        this.codec = codec;
        this.clock = clock;
        this.worker = worker;
        this.names = new NodeNames(queue);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.parked = ctx.getStateStore(names.delayedStore());
        ctx.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, now -> fireDue());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Task task = decodeOrNull(record.value());
        Instant now = clock.instant();
        if (task == null || task.getRunAt() == null || !task.getRunAt().isAfter(now)) {
            context.forward(record, names.processor());
            return;
        }
        Record<byte[], byte[]> stored = record.withHeaders(record.headers());
        context.recordMetadata().ifPresent(origin -> OutHeaders.origin(stored.headers(), origin));
        parked.put(ParkedTasks.key(task.getRunAt(), task.getId()), ParkedTasks.encode(stored));
        context.forward(TaskEvents.record(TaskEvents.of(TaskEventType.ENQUEUED, task, now, worker)
                .setDueAt(task.getRunAt()).build(), codec, now.toEpochMilli()), names.eventsSink());
        log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", queue)
                .addKeyValue("type", task.getType()).addKeyValue("runAt", task.getRunAt()).log("task delayed");
    }

    /** Hands every due task to the task step, oldest first, until none is due or the tick's work is done. */
    private void fireDue() {
        long deadline = System.nanoTime() + WORK_PER_TICK.toNanos();
        List<KeyValue<Bytes, byte[]>> due;
        do {
            due = due(clock.millis());
            for (KeyValue<Bytes, byte[]> entry : due) {
                // Forward first, delete after: a crash in between (at-least-once) runs it again rather than losing it.
                context.forward(ParkedTasks.decode(entry.value), names.processor());
                parked.delete(entry.key);
            }
        } while (due.size() == BATCH && System.nanoTime() < deadline);
    }

    private List<KeyValue<Bytes, byte[]>> due(long nowMillis) {
        List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = parked.range(ParkedTasks.first(), ParkedTasks.dueBy(nowMillis))) {
            while (it.hasNext() && out.size() < BATCH) {
                out.add(it.next());
            }
        }
        return out;
    }

    /** The task, or null when it cannot be read: the task step sends such a record to the dead-letter topic. */
    private Task decodeOrNull(byte[] value) {
        try {
            return value == null ? null : codec.decode(value, Task.class);
        } catch (UndecodableRecordException e) {
            return null;
        }
    }
}
