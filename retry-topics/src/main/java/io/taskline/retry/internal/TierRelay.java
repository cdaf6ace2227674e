package io.taskline.retry.internal;

import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves due records of one tier topic back to their queue, never early.
 *
 * <p>Records read and not yet due are held in memory ({@link HeldRecords}), so a record that falls
 * due is forwarded at once, without reading it again; a partition holding
 * {@value #HOLD_LIMIT} records, or {@value #HOLD_BYTES} bytes of them, is paused until it holds fewer. The poll loop never sleeps: each
 * poll is bounded by the next due time, so a long tier causes no rebalance. Forwarding and
 * committing the tier offset (up to the first record still held) are one transaction.
 *
 * <p>Kafka being away, for any length of time, stops the forwarding, not the relay: a transaction
 * that cannot finish is aborted, or its commit asked again when it may already have gone through,
 * and a producer that cannot even abort is replaced; the records stay held until a transaction
 * with them commits.
 */
public final class TierRelay implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TierRelay.class);
    private static final long MAX_POLL_MS = 500;
    /** Records held per partition before it stops reading ahead. */
    static final int HOLD_LIMIT = 2_000;
    /**
     * Bytes (keys and values) held per partition before it stops reading ahead: large tasks that
     * fail together (a downstream outage) would otherwise fill the heap 2,000 at a time per
     * partition of every tier. A poll reads at most {@code max.partition.fetch.bytes} (1 MiB by
     * default) of a partition past it.
     */
    static final long HOLD_BYTES = 4L * 1024 * 1024;
    /**
     * The relay's producer retry backoff, unless configured. Transactions follow each other closely,
     * so a new one often finds the last one's markers still being written (CONCURRENT_TRANSACTIONS);
     * at the client's default of 100 ms, one round in ten waited that long to commit its offsets.
     */
    static final int TRANSACTION_RETRY_BACKOFF_MS = 10;

    private final String tierTopic;
    private final String queueTopic;
    private final Duration delay;
    private final Clock clock;
    private final Consumer<byte[], byte[]> consumer;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer;
    /** False until the current producer's {@code initTransactions} has succeeded. */
    private boolean producerReady;
    /** The records of a transaction whose commit was not confirmed in time: the commit is retried first. */
    private List<HeldRecords.Held> committing = List.of();
    private final AtomicInteger failedRounds = new AtomicInteger();
    private volatile int heldCount;
    private final HeldRecords held = new HeldRecords();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger assignments = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean assigned;

    /** Creates a relay for {@code tierTopic} in consumer group {@code groupId}. */
    public TierRelay(KafkaClientSettings settings, String groupId, String tierTopic, String queueTopic,
                     Duration delay, Clock clock) {
        this(tierTopic, queueTopic, delay, clock, new KafkaConsumer<>(settings.with(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID())),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()), producers(settings, tierTopic));
    }

    /**
     * A relay reading with {@code consumer} and writing with producers from {@code producers}: a new
     * one each time the last cannot go on; each must use the same transactional id.
     */
    TierRelay(String tierTopic, String queueTopic, Duration delay, Clock clock, Consumer<byte[], byte[]> consumer,
              Supplier<Producer<byte[], byte[]>> producers) {
        this.tierTopic = tierTopic;
        this.queueTopic = queueTopic;
        this.delay = delay;
        this.clock = clock;
        this.consumer = consumer;
        this.producers = producers;
        this.producer = producers.get();
    }

    private static Supplier<Producer<byte[], byte[]>> producers(KafkaClientSettings settings, String tierTopic) {
        Map<String, Object> config = settings.with(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "taskline-relay-" + tierTopic + "-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.RETRY_BACKOFF_MS_CONFIG, settings.asMap().getOrDefault(
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG, TRANSACTION_RETRY_BACKOFF_MS)));
        return () -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(tierTopic), new Listener());
            while (running.get()) {
                int failedBefore = failedRounds.get();
                if (producerReady()) {
                    forwardDue();
                }
                // After a failed round, wait a little before the next: the records are late already.
                long timeoutMs = failedRounds.get() > failedBefore ? MAX_POLL_MS : pollTimeoutMs();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(timeoutMs));
                hold(records);
                heldCount = held.size();
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (ProducerFencedException e) {
            log.warn("relay for {} was fenced by a newer instance; stopping", tierTopic);
        } catch (RuntimeException e) {
            log.error("relay for {} stopped: {}", tierTopic, e.toString(), e);
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    private long pollTimeoutMs() {
        long now = clock.millis();
        return held.nextDue().stream().map(due -> Math.max(0, Math.min(MAX_POLL_MS, due - now)))
                .findFirst().orElse(MAX_POLL_MS);
    }

    private void hold(ConsumerRecords<byte[], byte[]> records) {
        List<TopicPartition> full = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                held.hold(partition, record, dueAt(record));
            }
            if (full(partition)) {
                full.add(partition);
            }
        }
        if (!full.isEmpty()) {
            consumer.pause(full);
        }
    }

    /**
     * Whether the producer can start a transaction; initialises it first if needed. While Kafka is
     * away this times out after {@code max.block.ms} and is tried again on the next round.
     */
    private boolean producerReady() {
        if (producerReady) {
            return true;
        }
        try {
            producer.initTransactions();
            producerReady = true;
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            failedRounds.incrementAndGet();
            log.warn("relay for {} cannot start its producer yet and will retry: {}", tierTopic, e.toString());
        }
        return producerReady;
    }

    /** Forwards every held record that is due, and commits the tier offsets with them, in one transaction. */
    private void forwardDue() {
        if (!committing.isEmpty() && !commit()) {
            return;
        }
        List<HeldRecords.Held> due = held.due(clock.millis());
        if (due.isEmpty()) {
            return;
        }
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        due.forEach(h -> partitions.add(h.partition()));
        try {
            producer.beginTransaction();
            for (HeldRecords.Held h : due) {
                ConsumerRecord<byte[], byte[]> record = h.record();
                producer.send(new ProducerRecord<>(queueTopic, record.partition(), record.key(), record.value(),
                        withoutDueAt(record.headers())));
            }
            producer.sendOffsetsToTransaction(offsetsAfter(due, partitions), consumer.groupMetadata());
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            abort(e);
            return;
        }
        committing = due;
        commit();
    }

    /**
     * Commits the open transaction; true once it is committed and its records released. A commit
     * not confirmed within {@code max.block.ms} (Kafka away) may still complete, so it is retried
     * as it is, never aborted; any other failure aborts it and the records are forwarded again.
     */
    private boolean commit() {
        try {
            producer.commitTransaction();
        } catch (TimeoutException e) {
            failedRounds.incrementAndGet();
            log.warn("relay for {} has no answer to its commit yet and will ask again: {}", tierTopic, e.toString());
            return false;
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            committing = List.of();
            abort(e);
            return false;
        }
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        committing.forEach(h -> partitions.add(h.partition()));
        held.release(committing);
        committing = List.of();
        Set<TopicPartition> owned = consumer.assignment();
        consumer.resume(partitions.stream().filter(p -> owned.contains(p) && !full(p)).toList());
        return true;
    }

    /** True when {@code partition} holds enough to stop reading ahead: {@value #HOLD_LIMIT} records or {@value #HOLD_BYTES} bytes. */
    private boolean full(TopicPartition partition) {
        return held.count(partition) >= HOLD_LIMIT || held.bytes(partition) >= HOLD_BYTES;
    }

    /**
     * Aborts the open transaction; its records stay held and the next round forwards them again. A
     * producer that cannot abort (Kafka away past {@code max.block.ms}, or a fatal error) is
     * replaced: the new one's {@code initTransactions} aborts what the old one left open.
     */
    private void abort(KafkaException cause) {
        failedRounds.incrementAndGet();
        log.warn("relay for {} aborts a transaction and will retry: {}", tierTopic, cause.toString());
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("relay for {} replaces its producer, which could not abort: {}", tierTopic, e.toString());
            producer.close(Duration.ZERO);
            producer = producers.get();
            producerReady = false;
        }
    }

    /**
     * Where each partition's committed offset goes once {@code due} is forwarded: to the first
     * record still held, or, when none is, to the consumer's position — not last offset + 1: a
     * tier written in transactions ends with a commit marker, and committing short of it would
     * leave the group one record behind forever.
     */
    private Map<TopicPartition, OffsetAndMetadata> offsetsAfter(List<HeldRecords.Held> due,
                                                                Set<TopicPartition> partitions) {
        Map<TopicPartition, Integer> forwarded = new HashMap<>();
        due.forEach(h -> forwarded.merge(h.partition(), 1, Integer::sum));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long next = held.offsetAfter(partition, forwarded.get(partition))
                    .orElseGet(() -> consumer.position(partition));
            offsets.put(partition, new OffsetAndMetadata(next));
        }
        return offsets;
    }

    private long dueAt(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(TaskHeaders.DUE_AT);
        if (header != null) {
            try {
                return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8));
            } catch (NumberFormatException e) {
                log.warn("bad {} header on {}-{}@{}; using record time", TaskHeaders.DUE_AT,
                        record.topic(), record.partition(), record.offset());
            }
        }
        return record.timestamp() + delay.toMillis();
    }

    private static List<Header> withoutDueAt(Iterable<Header> headers) {
        List<Header> out = new ArrayList<>();
        headers.forEach(h -> {
            if (!h.key().equals(TaskHeaders.DUE_AT)) {
                out.add(h);
            }
        });
        return out;
    }

    /** True once the relay's consumer owns at least one partition. */
    public boolean isAssigned() {
        return assigned;
    }

    /** How many read records wait in memory for their due time (or for Kafka to take them). */
    public int heldCount() {
        return heldCount;
    }

    /** How many forwarding rounds failed (Kafka away, an aborted transaction) and were tried again. */
    public int failedRounds() {
        return failedRounds.get();
    }

    /** How many times partitions were assigned to this relay: 1 means no rebalance since start. */
    public int assignmentCount() {
        return assignments.get();
    }

    /** The tier topic this relay drains. */
    public String tierTopic() {
        return tierTopic;
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeClients() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            held.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                assignments.incrementAndGet();
                assigned = true;
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            held.forget(partitions);
        }
    }
}
