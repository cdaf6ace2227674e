package io.taskline.producer.internal;

import io.taskline.producer.InvalidTaskException;
import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchSummary;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Checks a batch before it is sent and builds the record that announces it on {@code taskline.batches}. */
public final class BatchRecords {

    /** The longest batch id accepted. */
    public static final int MAX_ID_LENGTH = 200;

    private BatchRecords() {
    }

    /** Returns when {@code batchId} is usable: not blank, not too long, no control characters. */
    public static void requireValidId(String batchId) {
        if (batchId == null || batchId.isBlank()) {
            throw new InvalidTaskException("a batch id must not be blank");
        }
        if (batchId.length() > MAX_ID_LENGTH || batchId.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidTaskException("batch id '" + batchId + "' must be at most " + MAX_ID_LENGTH
                    + " characters without control characters");
        }
    }

    /** Returns when no two of {@code taskIds} are equal; a member id counts once in its batch. */
    public static void requireDistinct(List<String> taskIds) {
        Set<String> seen = new HashSet<>();
        for (String id : taskIds) {
            if (!seen.add(id)) {
                throw new InvalidTaskException("task id " + id + " appears twice in the batch; member ids must differ");
            }
        }
    }

    /** The callback's payload until it fires: the batch with nothing counted yet. */
    public static BatchSummary placeholder(String batchId, int size) {
        return BatchSummary.newBuilder().setBatchId(batchId).setSize(size).setSucceeded(0).setDead(0)
                .setDeadTaskIds(new ArrayList<>()).build();
    }

    /** The record announcing a batch of {@code size} members whose callback is {@code callback}, encoded as {@code envelope}. */
    public static ProducerRecord<byte[], byte[]> definition(String batchId, int size, Task callback, byte[] envelope,
                                                             Instant now, RecordCodec codec) {
        Batch batch = Batch.newBuilder().setBatchId(batchId).setSize(size).setCallbackId(callback.getId())
                .setCallbackQueue(callback.getQueue()).setCallbackType(callback.getType())
                .setCallback(ByteBuffer.wrap(envelope)).setCreatedAt(now).build();
        return new ProducerRecord<>(SystemTopics.BATCHES, batchId.getBytes(StandardCharsets.UTF_8), codec.encode(batch));
    }
}
