package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka going away for longer than the relay's producer may block ({@code max.block.ms}) stops
 * the forwarding, not the relay: once the broker is back, every held record is forwarded once,
 * never early. Uses a broker of its own, since it stops it.
 */
class RetryRelayOutageIT {

    private static final int PARTITIONS = 3;
    /** The relay's producer gives up on a call after this long; the outage lasts several of them. */
    private static final int MAX_BLOCK_MS = 2_000;

    private EmbeddedKafkaBroker broker;

    @BeforeEach
    void startBroker() {
        broker = EmbeddedKafkaBroker.builder().build().start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void recordsHeldWhileKafkaIsAwayPastMaxBlockMsAreForwardedOnceWhenItIsBack() throws Exception {
        KafkaClientSettings settings = KafkaClientSettings.from(broker.bootstrapServers(),
                Map.of("kafka." + ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS));
        Duration tier = Duration.ofSeconds(1);
        QueueSpec spec = QueueSpec.of("outage-" + UUID.randomUUID().toString().substring(0, 8)).withTiers(List.of(tier));
        try (QueueTopicAdmin topics = QueueTopicAdmin.create(settings)) {
            topics.ensure(spec, OptionalInt.of(PARTITIONS));
        }
        String group = "relay-outage-" + UUID.randomUUID();

        try (RetryRelay relay = RetryRelay.start(settings, spec, group, Clock.systemUTC())) {
            await("relay assigned").atMost(Duration.ofSeconds(30)).until(relay::isAssigned);
            // Due a while after they are read, so the broker is gone before they fall due.
            long dueAt = System.currentTimeMillis() + 3_000;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings.with(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
                for (int p = 0; p < PARTITIONS; p++) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(spec.topics().tier(tier), p, "k-" + p, "v-" + p);
                    record.headers().add(new RecordHeader(TaskHeaders.DUE_AT, Long.toString(dueAt).getBytes(StandardCharsets.UTF_8)));
                    producer.send(record);
                }
            }
            await("the relay holds the three records").atMost(Duration.ofSeconds(10)).until(() -> relay.heldCount() == PARTITIONS);

            broker.stop();
            // Forwarding fails, aborting fails, a new producer cannot start: each after max.block.ms.
            await("failed rounds while the broker is down").atMost(Duration.ofSeconds(60))
                    .until(relay::failedRounds, n -> n >= 3);
            assertThat(relay.isRunning()).as("relay thread alive during the outage").isTrue();
            broker.start();

            List<ConsumerRecord<String, String>> forwarded = readQueue(settings, spec, PARTITIONS);
            assertThat(forwarded).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("k-0", "k-1", "k-2");
            assertThat(forwarded).allSatisfy(r -> {
                assertThat(r.partition()).as("partition of %s", r.key()).isEqualTo(Integer.parseInt(r.key().substring(2)));
                assertThat(r.timestamp()).as("forwarded at or after its due time").isGreaterThanOrEqualTo(dueAt);
            });
            await("tier records released").atMost(Duration.ofSeconds(10)).until(() -> relay.heldCount() == 0);
            assertThat(relay.isRunning()).isTrue();
        }
    }

    /** Reads the queue until {@code expected} committed records arrived, then up to its end: a duplicate would show. */
    private static List<ConsumerRecord<String, String>> readQueue(KafkaClientSettings settings, QueueSpec spec, int expected) {
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(spec.topics().queue(), p)).toList();
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("forwarded records").atMost(Duration.ofSeconds(90)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                        return received.size() >= expected;
                    });
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("queue read to its end").atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(50)).forEach(received::add);
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
            // A record forwarded again (say, by a transaction retried after it had gone through)
            // would come later, while the relay keeps running: read on for a quiet while.
            await("no record forwarded again").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(50)).forEach(received::add);
                        return received.size() <= expected;
                    });
        }
        return received;
    }
}
