package io.taskline.producer;

import io.taskline.producer.internal.KeyedPartitionReader;
import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Answers "how far is batch X?" from any machine that reaches the cluster: the latest committed
 * record of the batch on {@code taskline.batch-state}, which the tracker writes with every change;
 * failing that, the batch as published on {@code taskline.batches} (not tracked yet).
 *
 * <p>Usage: {@code try (BatchStatusReader r = BatchStatusReader.create(settings)) { r.status(id).ifPresent(...); }}
 */
public final class BatchStatusReader implements AutoCloseable {

    private final KeyedPartitionReader reader;
    private final SchemaRegistry registry;
    private final SingleObjectCodec codec;

    private BatchStatusReader(KeyedPartitionReader reader, SchemaRegistry registry) {
        this.reader = reader;
        this.registry = registry;
        this.codec = new SingleObjectCodec(registry);
    }

    /** A reader connecting with {@code settings}. */
    public static BatchStatusReader create(KafkaClientSettings settings) {
        // The tracker writes in exactly-once transactions: an aborted write never happened.
        KeyedPartitionReader reader = KeyedPartitionReader.create(settings, "read_committed");
        try {
            return new BatchStatusReader(reader, KafkaSchemaRegistry.connect(settings));
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The status of batch {@code batchId}; empty when neither the tracker nor a publisher recorded it. */
    public Optional<BatchStatus> status(String batchId) {
        Optional<BatchState> state = latest(SystemTopics.BATCH_STATE, batchId, BatchState.class)
                .filter(s -> s.getSize() != null);
        if (state.isPresent()) {
            return state.map(BatchStatus::of);
        }
        return latest(SystemTopics.BATCHES, batchId, Batch.class).map(BatchStatus::untracked);
    }

    private <T extends SpecificRecord> Optional<T> latest(String topic, String batchId, Class<T> type) {
        List<ConsumerRecord<byte[], byte[]>> records = reader.all(topic, batchId);
        if (records.isEmpty() || records.get(records.size() - 1).value() == null) {
            return Optional.empty();
        }
        return Optional.of(codec.decode(records.get(records.size() - 1).value(), type));
    }

    @Override
    public void close() {
        reader.close();
        registry.close();
    }
}
