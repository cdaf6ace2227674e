package io.taskline.dlq.internal;

import io.taskline.dlq.ReplayLedger;
import io.taskline.dlq.ReplayResult;
import io.taskline.schemas.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends replayed tasks and their ledger entries in one Kafka transaction per batch, so a ledger
 * entry is committed exactly when its task is: a crash leaves neither a replay without a record
 * nor a record without a replay. One writer (one {@code transactional.id}) per replay run.
 *
 * <p>Usage: {@code try (ReplayWriter w = new ReplayWriter(settings, txId, ledgerTopic)) { w.commit(batch, now, by); }}
 */
public final class ReplayWriter implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String ledgerTopic;

    /**
     * One task to send.
     *
     * @param taskId the task id
     * @param dlqPartition the dead letter's partition
     * @param dlqOffset the dead letter's offset
     * @param record the task record for the target queue
     * @param enqueued its {@code enqueued} event for {@code taskline.events}, or null when there is no such topic
     */
    public record Outgoing(String taskId, int dlqPartition, long dlqOffset, ProducerRecord<byte[], byte[]> record,
                           ProducerRecord<byte[], byte[]> enqueued) {
    }

    /** A writer with its own transactional producer; fences any earlier writer of the same id. */
    public ReplayWriter(KafkaClientSettings settings, String transactionalId, String ledgerTopic) {
        this.ledgerTopic = ledgerTopic;
        this.producer = new KafkaProducer<>(settings.with(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, transactionalId)), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /**
     * Sends {@code batch} and a ledger entry for each task, and commits them together.
     *
     * @throws KafkaException when the transaction failed; it was aborted and nothing of the batch is visible
     */
    public List<ReplayResult.Replayed> commit(List<Outgoing> batch, Instant at, String by) {
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            batch.forEach(o -> sent.add(producer.send(o.record())));
            batch.stream().filter(o -> o.enqueued() != null).forEach(o -> producer.send(o.enqueued()));
            // The entries name where each task landed, so wait for the offsets inside the transaction.
            producer.flush();
            List<ReplayResult.Replayed> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Outgoing o = batch.get(i);
                RecordMetadata md = sent.get(i).get();
                ReplayLedger.Entry entry = new ReplayLedger.Entry(at, md.topic(), md.partition(), md.offset(), o.taskId(), by);
                producer.send(new ProducerRecord<>(ledgerTopic,
                        ReplayLedger.key(o.dlqPartition(), o.dlqOffset()).getBytes(StandardCharsets.UTF_8),
                        LedgerJson.write(entry)));
                out.add(new ReplayResult.Replayed(o.taskId(), o.dlqPartition(), o.dlqOffset(), md.partition(), md.offset()));
            }
            producer.commitTransaction();
            return out;
        } catch (ExecutionException e) {
            abort();
            throw new KafkaException("cannot send replayed task: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            abort();
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while replaying", e);
        } catch (KafkaException e) {
            abort();
            throw e;
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        } catch (KafkaException fatal) {
            // A fenced or failed producer cannot abort; the broker aborts its open transaction on timeout.
        }
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
