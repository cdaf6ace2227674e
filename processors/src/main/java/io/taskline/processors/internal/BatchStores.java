package io.taskline.processors.internal;

import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import io.taskline.schemas.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch tracker's four stores behind typed methods: batches as published, their states,
 * each member's latest outcome (keyed by batch id, NUL, task id, so one batch's members are one
 * prefix), and batches another worker tracks.
 */
public final class BatchStores {

    private static final char SEPARATOR = '\u0000';

    private final RecordCodec codec;
    private final KeyValueStore<String, byte[]> definitions;
    private final KeyValueStore<String, byte[]> states;
    private final KeyValueStore<String, byte[]> members;
    private final KeyValueStore<String, Long> foreign;

    /** The stores of the processor whose context is {@code ctx}. */
    public BatchStores(ProcessorContext<?, ?> ctx, RecordCodec codec) {
        this.codec = codec;
        this.definitions = ctx.getStateStore(BatchNodes.DEFINITIONS_STORE);
        this.states = ctx.getStateStore(BatchNodes.STATES_STORE);
        this.members = ctx.getStateStore(BatchNodes.MEMBERS_STORE);
        this.foreign = ctx.getStateStore(BatchNodes.FOREIGN_STORE);
    }

    /** The batch as published, or null when this worker does not track it (or has not read it yet). */
    public Batch definition(String batchId) {
        byte[] bytes = definitions.get(batchId);
        return bytes == null ? null : codec.decode(bytes, Batch.class);
    }

    /** Keeps the batch record {@code encoded}. */
    public void putDefinition(String batchId, byte[] encoded) {
        definitions.put(batchId, encoded);
    }

    /** The batch's state, or null when nothing of it was seen. */
    public BatchState state(String batchId) {
        byte[] bytes = states.get(batchId);
        return bytes == null ? null : codec.decode(bytes, BatchState.class);
    }

    /** Keeps {@code state}. */
    public void putState(BatchState state) {
        states.put(state.getBatchId(), codec.encode(state));
    }

    /** Every state, for the purge. */
    public List<BatchState> allStates() {
        List<BatchState> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = states.all()) {
            all.forEachRemaining(kv -> out.add(codec.decode(kv.value, BatchState.class)));
        }
        return out;
    }

    /** The latest outcome of member {@code taskId}, or null when none was counted. */
    public BatchMember member(String batchId, String taskId) {
        byte[] code = members.get(memberKey(batchId, taskId));
        return code == null ? null : BatchMember.ofCode(code[0]);
    }

    /** Records {@code outcome} as the latest of member {@code taskId}. */
    public void putMember(String batchId, String taskId, BatchMember outcome) {
        members.put(memberKey(batchId, taskId), new byte[] {outcome.code()});
    }

    /** The ids of up to {@code max} dead members, in id order. */
    public List<String> deadMembers(String batchId, int max) {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = members.prefixScan(prefix(batchId), new StringSerializer())) {
            while (it.hasNext() && out.size() < max) {
                KeyValue<String, byte[]> kv = it.next();
                if (BatchMember.ofCode(kv.value[0]) == BatchMember.DEAD) {
                    out.add(kv.key.substring(prefix(batchId).length()));
                }
            }
        }
        return out;
    }

    /** True when another worker tracks the batch. */
    public boolean isForeign(String batchId) {
        return foreign.get(batchId) != null;
    }

    /** Remembers that another worker tracks the batch, and forgets what was counted of it here. */
    public void markForeign(String batchId, long nowMillis) {
        delete(batchId);
        foreign.put(batchId, nowMillis);
    }

    /** Forgets the batches another worker tracks that were marked before {@code cutoffMillis}. */
    public void forgetForeignBefore(long cutoffMillis) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = foreign.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value < cutoffMillis) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(foreign::delete);
    }

    /** Forgets the batch: its record, its state and its members. */
    public void delete(String batchId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = members.prefixScan(prefix(batchId), new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(members::delete);
        definitions.delete(batchId);
        states.delete(batchId);
    }

    private static String prefix(String batchId) {
        return batchId + SEPARATOR;
    }

    private static String memberKey(String batchId, String taskId) {
        return prefix(batchId) + taskId;
    }
}
