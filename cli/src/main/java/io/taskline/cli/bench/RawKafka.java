package io.taskline.cli.bench;

import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: plain Kafka clients moving records of the same size as a task, with the
 * publisher's producer settings (acks=all, idempotent, linger 5 ms) and a group-less consumer.
 *
 * <p>Usage: {@code double rate = new RawKafka(settings).throughput("bench-raw", 100_000, 300).rate();}
 */
final class RawKafka {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(30);

    private final KafkaClientSettings settings;

    RawKafka(KafkaClientSettings settings) {
        this.settings = settings;
    }

    /**
     * Records produced then consumed.
     *
     * @param rate records ÷ (produce time + consume time)
     * @param produceRate records per second produced
     * @param consumeRate records per second consumed
     */
    record Throughput(double rate, double produceRate, double consumeRate) {
    }

    /** Produces {@code records} records of {@code size} bytes, then consumes them all. */
    Throughput throughput(String topic, int partitions, int records, int size) {
        createTopic(topic, partitions);
        byte[] value = new byte[size];
        long start = System.nanoTime();
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < records && failed.get() == null; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(), value),
                        (metadata, e) -> failed.compareAndSet(null, e));
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("raw producer failed: " + failed.get().getMessage(), failed.get());
        }
        long produced = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> all = partitions(topic, partitions);
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long read = 0;
            long lastRead = System.nanoTime();
            while (read < records && System.nanoTime() - lastRead < STALL.toNanos()) {
                int count = consumer.poll(POLL).count();
                if (count > 0) {
                    read += count;
                    lastRead = System.nanoTime();
                }
            }
            if (read < records) {
                throw new IllegalStateException("raw consumer read " + read + " of " + records + " records");
            }
        }
        long consumed = System.nanoTime();
        double produceSeconds = (produced - start) / 1e9;
        double consumeSeconds = (consumed - produced) / 1e9;
        return new Throughput(records / (produceSeconds + consumeSeconds), records / produceSeconds,
                records / consumeSeconds);
    }

    /** End-to-end latency (send → poll) of records sent at {@code rate} per second for {@code length}. */
    Latencies latency(String topic, int partitions, double rate, Duration length, int size) throws Exception {
        createTopic(topic, partitions);
        Samples samples = new Samples();
        int total = (int) (rate * length.toMillis() / 1000.0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> all = partitions(topic, partitions);
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(consumer::position);
            // As for the workers, the clock starts in steady state: a tenth of the length first, at
            // the same rate, sent and read unrecorded.
            int warm = Math.max(1, total / WorkerRuns.WARM_UP_SHARE);
            paced(producer, topic, rate, warm, size);
            int read = 0;
            long warmDeadline = System.nanoTime() + STALL.toNanos();
            while (read < warm) {
                read += consumer.poll(POLL).count();
                if (System.nanoTime() > warmDeadline) {
                    throw new IllegalStateException("raw consumer read " + read + " of the " + warm
                            + " warm-up records of " + topic);
                }
            }
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> paced(producer, topic, rate, total, size));
            long deadline = System.nanoTime() + length.plus(STALL).toNanos();
            while (read < warm + total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    samples.add(System.currentTimeMillis() - record.timestamp());
                    read++;
                }
            }
            sending.join();
        }
        return samples.latencies();
    }

    /** Sends {@code total} records at {@code rate} per second, each due at its own time. */
    static void paced(KafkaProducer<byte[], byte[]> producer, String topic, double rate, int total, int size) {
        byte[] value = new byte[size];
        Pacer pacer = new Pacer(rate);
        for (int i = 0; i < total; i++) {
            pacer.awaitTurn(i);
            producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(), value));
        }
        producer.flush();
    }

    private void createTopic(String topic, int partitions) {
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            admin.ensureTopic(topic, partitions, Map.of());
        }
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            out.add(new TopicPartition(topic, p));
        }
        return out;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(settings.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = settings.with(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Spaces sends evenly: send {@code i} is due {@code i / rate} seconds after the first. */
    static final class Pacer {
        private final double rate;
        private final long start = System.nanoTime();

        Pacer(double rate) {
            this.rate = rate;
        }

        void awaitTurn(long i) {
            long due = start + (long) (i / rate * 1e9);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
