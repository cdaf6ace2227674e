package io.taskline.processors.internal;

import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.TaskPartitionKey;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the batches whose callback queue this worker serves. Reads each batch as published
 * ({@code taskline.batches}) and its members' events ({@code taskline.batch-events}), both keyed
 * by batch id and co-partitioned; counts each member once by its latest outcome; writes the
 * batch's state to {@code taskline.batch-state} on every change; and, the first time every member
 * has succeeded or died, publishes the callback with the batch's summary and remembers that it
 * did. Under exactly-once the store updates, the callback and the input offsets commit together,
 * so a crash or rebalance neither loses nor repeats the callback. Members' events that arrive
 * before the batch record are counted and kept until it does.
 */
public final class BatchTracker implements Processor<byte[], byte[], byte[], byte[]> {

    /** How long a finished batch (or one never published here) is kept after its last change. */
    public static final Duration RETENTION = Duration.ofDays(7);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(BatchTracker.class);

    private final Set<String> queues;
    private final RecordCodec codec;
    private final Clock clock;
    private final String worker;
    private ProcessorContext<byte[], byte[]> context;
    private BatchStores stores;

    /** A tracker of the batches whose callbacks go to one of {@code queues}. */
    public BatchTracker(Set<String> queues, RecordCodec codec, Clock clock, String worker) {
        this.queues = Set.copyOf(queues);
        this.codec = codec;
        this.clock = clock;
        this.worker = worker;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.stores = new BatchStores(ctx, codec);
        ctx.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        boolean isBatch = context.recordMetadata().map(RecordMetadata::topic).filter(SystemTopics.BATCHES::equals)
                .isPresent();
        try {
            if (isBatch) {
                onBatch(record.value(), codec.decode(record.value(), Batch.class));
            } else {
                onMemberEvent(codec.decode(record.value(), TaskEvent.class));
            }
        } catch (UndecodableRecordException e) {
            log.atWarn().addKeyValue("reason", e.getMessage()).log("batch tracker skipped an undecodable record");
        }
    }

    private void onBatch(byte[] encoded, Batch batch) {
        String id = batch.getBatchId();
        if (!queues.contains(batch.getCallbackQueue())) {
            stores.markForeign(id, clock.millis());
            return;
        }
        if (stores.definition(id) != null) {
            return; // published again after a failure: the first record stands
        }
        stores.putDefinition(id, encoded);
        save(BatchProgress.defined(stores.state(id), batch, clock.instant()));
    }

    private void onMemberEvent(TaskEvent event) {
        Optional<BatchMember> outcome = BatchMember.of(event.getEvent());
        String id = event.getBatchId();
        if (id == null || outcome.isEmpty() || stores.isForeign(id)) {
            return;
        }
        BatchMember before = stores.member(id, event.getTaskId());
        BatchMember after = outcome.get();
        if (before != null && !before.canBecome(after)) {
            return;
        }
        stores.putMember(id, event.getTaskId(), after);
        BatchState state = stores.state(id);
        Instant now = clock.instant();
        save(BatchProgress.moved(state != null ? state : BatchProgress.unknown(id, now), before, after, now));
    }

    /** Keeps {@code state}, fires the callback when it is due, and publishes the state once the batch is known. */
    private void save(BatchState state) {
        BatchState saved = BatchProgress.callbackDue(state) ? fire(state) : state;
        stores.putState(saved);
        if (saved.getSize() != null) {
            context.forward(new Record<>(key(saved.getBatchId()), codec.encode(saved), clock.millis()),
                    BatchNodes.STATE_SINK);
        }
    }

    private BatchState fire(BatchState state) {
        Instant now = clock.instant();
        Batch batch = stores.definition(state.getBatchId());
        List<String> dead = stores.deadMembers(state.getBatchId(), BatchProgress.MAX_DEAD_IDS);
        Task callback = codec.decode(batch.getCallback().array(), Task.class);
        callback.setPayload(ByteBuffer.wrap(codec.encode(BatchProgress.summary(state, dead))));
        callback.setEnqueuedAt(now);
        Record<byte[], byte[]> record = new Record<>(TaskPartitionKey.of(callback), codec.encode(callback), now.toEpochMilli());
        OutHeaders.put(record.headers(), TaskHeaders.TASK_ID, callback.getId());
        OutHeaders.put(record.headers(), TaskHeaders.TYPE, callback.getType());
        context.forward(record, BatchNodes.callbackSink(callback.getQueue()));
        context.forward(TaskEvents.record(TaskEvents.of(TaskEventType.ENQUEUED, callback, now, worker).build(), codec,
                now.toEpochMilli()), BatchNodes.EVENTS_SINK);
        log.atInfo().addKeyValue("batchId", state.getBatchId()).addKeyValue("size", state.getSize())
                .addKeyValue("succeeded", state.getSucceeded()).addKeyValue("dead", state.getDead())
                .addKeyValue("callbackId", callback.getId()).addKeyValue("queue", callback.getQueue())
                .log("batch complete; callback published");
        return BatchState.newBuilder(state).setCallbackFiredAt(now).build();
    }

    /** Forgets finished batches, and events of batches never published here, unchanged for {@link #RETENTION}. */
    private void purge() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        for (BatchState state : stores.allStates()) {
            boolean settled = state.getCallbackFiredAt() != null || state.getSize() == null;
            if (settled && state.getUpdatedAt().toEpochMilli() < cutoff) {
                stores.delete(state.getBatchId());
                byte[] key = key(state.getBatchId());
                context.forward(new Record<byte[], byte[]>(key, null, clock.millis()), BatchNodes.STATE_SINK);
                context.forward(new Record<byte[], byte[]>(key, null, clock.millis()), BatchNodes.BATCHES_SINK);
            }
        }
        stores.forgetForeignBefore(cutoff);
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
