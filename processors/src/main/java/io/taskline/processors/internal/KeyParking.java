package io.taskline.processors.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@code ordering=key} stores of one partition: which task each key waits for while it is in
 * a retry tier, and the tasks of that key parked meanwhile, in arrival order. A parked key is
 * (key length, key, sequence), so one key's tasks sit together in order.
 *
 * <p>Usage: {@code if (parking.blocks(key, id)) parking.park(key, seq, record);}
 */
final class KeyParking {

    private final KeyValueStore<String, String> blockers;
    private final KeyValueStore<Bytes, byte[]> parked;

    KeyParking(KeyValueStore<String, String> blockers, KeyValueStore<Bytes, byte[]> parked) {
        this.blockers = blockers;
        this.parked = parked;
    }

    /** True when tasks of {@code key} wait for another task than {@code taskId}. */
    boolean blocks(String key, String taskId) {
        if (key == null) {
            return false;
        }
        String blocker = blockers.get(key);
        return blocker != null && !blocker.equals(taskId);
    }

    /** The task whose retry tasks of {@code key} wait for, or null when they wait for none. */
    String blocker(String key) {
        return key == null ? null : blockers.get(key);
    }

    /** From now on, later tasks of {@code key} wait for {@code taskId}. */
    void block(String key, String taskId) {
        if (key != null) {
            blockers.put(key, taskId);
        }
    }

    /** Keeps {@code record} (a task of {@code key}, admitted as {@code seq}) until its key is released. */
    void park(String key, long seq, Record<byte[], byte[]> record) {
        parked.put(parkedKey(key, seq), ParkedTasks.encode(record));
    }

    /**
     * When {@code taskId} is what {@code key} waits for: unblocks the key and hands back its parked
     * tasks, oldest first, each with its sequence; otherwise nothing.
     */
    List<Parked> release(String key, String taskId) {
        if (key == null || !taskId.equals(blockers.get(key))) {
            return List.of();
        }
        blockers.delete(key);
        List<Parked> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = parked.range(parkedKey(key, 0), parkedKey(key, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                var entry = it.next();
                out.add(new Parked(ByteBuffer.wrap(entry.key.get()).getLong(entry.key.get().length - Long.BYTES),
                        ParkedTasks.decode(entry.value)));
            }
        }
        out.forEach(p -> parked.delete(parkedKey(key, p.seq())));
        return out;
    }

    /**
     * One past the highest sequence a parked task holds (0 when none is parked): a partition that
     * starts again (a restart, a new owner) must number new tasks after those already parked, or a
     * new one would take a parked one's place in the store, and its turn.
     */
    long nextSeq() {
        long next = 0;
        try (KeyValueIterator<Bytes, byte[]> all = parked.all()) {
            while (all.hasNext()) {
                byte[] key = all.next().key.get();
                next = Math.max(next, ByteBuffer.wrap(key).getLong(key.length - Long.BYTES) + 1);
            }
        }
        return next;
    }

    /** A parked task and the sequence it was admitted with. */
    record Parked(long seq, Record<byte[], byte[]> record) {
    }

    private static Bytes parkedKey(String key, long seq) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES + k.length + Long.BYTES)
                .putInt(k.length).put(k).putLong(seq).array());
    }
}
