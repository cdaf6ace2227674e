package io.taskline.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class RetryRelayIT {

    private static final int PARTITIONS = 3;
    private static final String TRACE = "trace-id";

    private final String bootstrap;
    private final KafkaClientSettings settings;
    private Admin admin;

    RetryRelayIT(EmbeddedKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
        this.settings = KafkaClientSettings.of(bootstrap);
    }

    @BeforeEach
    void connect() {
        admin = Admin.create(settings.asMap());
    }

    @AfterEach
    void disconnect() {
        admin.close();
    }

    @Test
    void forwardsEveryTierRecordOnceToItsPartitionNeverBeforeItIsDueAndCommitsTheTier() throws Exception {
        QueueSpec spec = createQueue("relay", List.of(Duration.ofSeconds(5), Duration.ofMinutes(1)));
        String group = "relay-it-" + UUID.randomUUID();
        Map<String, TierRecord> sent = new LinkedHashMap<>();

        try (KafkaProducer<String, String> producer = plainProducer()) {
            writeTierRecords(spec, "past", -5_000, r -> send(producer, r, sent));
            producer.flush();

            try (RetryRelay relay = RetryRelay.start(settings, spec, group, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30)).until(relay::isAssigned);
                writeTierRecords(spec, "future", 1_500, r -> send(producer, r, sent));
                producer.flush();

                List<ConsumerRecord<String, String>> received = readQueue(spec, sent.size());

                assertForwardedOnceInOrderNeverEarly(spec, sent, received);
                assertThat(relay.isRunning()).isTrue();
                assertThat(relay.maxAssignmentCount()).as("no rebalance while records waited").isEqualTo(1);
            }
        }

        assertEveryTierFullyCommitted(spec, group);
    }

    @Test
    void aRecordWithoutAUsableDueAtHeaderIsDueOneTierDelayAfterItsTimestamp() throws Exception {
        Duration tier = Duration.ofSeconds(2);
        QueueSpec spec = createQueue("noheader", List.of(tier));
        String group = "relay-it-" + UUID.randomUUID();

        try (KafkaProducer<String, String> producer = plainProducer();
             RetryRelay relay = RetryRelay.start(settings, spec, group, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(30)).until(relay::isAssigned);
            long written = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(spec.topics().tier(tier), 1, written, "u-1", "no header")).get();
            ProducerRecord<String, String> malformed =
                    new ProducerRecord<>(spec.topics().tier(tier), 1, written, "u-2", "bad header");
            malformed.headers().add(TaskHeaders.DUE_AT, "tomorrow".getBytes(StandardCharsets.UTF_8));
            producer.send(malformed).get();

            List<ConsumerRecord<String, String>> forwarded = readQueue(spec, 2);

            assertThat(forwarded).extracting(ConsumerRecord::value).containsExactly("no header", "bad header");
            assertThat(forwarded).allSatisfy(r -> {
                assertThat(r.partition()).isEqualTo(1);
                assertThat(r.timestamp()).isGreaterThanOrEqualTo(written + tier.toMillis());
                assertThat(r.headers().lastHeader(TaskHeaders.DUE_AT)).isNull();
            });
        }
    }

    @Test
    void waitingLongerThanMaxPollIntervalForADueTimeCausesNoRebalance() throws Exception {
        Duration tier = Duration.ofSeconds(5);
        QueueSpec spec = createQueue("longwait", List.of(tier));
        KafkaClientSettings impatient = KafkaClientSettings.from(bootstrap, Map.of(
                "kafka." + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_500));
        Map<String, TierRecord> sent = new LinkedHashMap<>();

        try (KafkaProducer<String, String> producer = plainProducer();
             RetryRelay relay = RetryRelay.start(impatient, spec, "relay-it-" + UUID.randomUUID(), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(30)).until(relay::isAssigned);
            send(producer, new TierRecord(spec.topics().tier(tier), 0, "u-1", "late task",
                    System.currentTimeMillis() + 4_000), sent);
            producer.flush();

            assertForwardedOnceInOrderNeverEarly(spec, sent, readQueue(spec, 1));
            assertThat(relay.maxAssignmentCount()).isEqualTo(1);
            assertThat(relay.isRunning()).isTrue();
        }
    }

    @Test
    void aRecordStillWaitingWhenTheRelayStopsIsForwardedOnceByTheNextRelayOfTheGroup() throws Exception {
        Duration tier = Duration.ofSeconds(5);
        QueueSpec spec = createQueue("restart", List.of(tier));
        String group = "relay-it-" + UUID.randomUUID();
        Map<String, TierRecord> sent = new LinkedHashMap<>();

        try (KafkaProducer<String, String> producer = plainProducer()) {
            try (RetryRelay first = RetryRelay.start(settings, spec, group, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30)).until(first::isAssigned);
                send(producer, new TierRecord(spec.topics().tier(tier), 2, "u-early", "was due", 0L), sent);
                send(producer, new TierRecord(spec.topics().tier(tier), 2, "u-waiting", "not yet due",
                        System.currentTimeMillis() + 3_000), sent);
                producer.flush();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(committedOffset(spec, group, 2))
                        .as("the due record is forwarded and committed, the waiting one is not").isEqualTo(1L));
            }
            assertThat(committedOffset(spec, group, 2)).isEqualTo(1L);

            try (RetryRelay second = RetryRelay.start(settings, spec, group, Clock.systemUTC())) {
                assertForwardedOnceInOrderNeverEarly(spec, sent, readQueue(spec, 2));
            }
        }
        assertEveryTierFullyCommitted(spec, group);
    }

    @Test
    void aTierWrittenInTransactionsIsFullyCommittedOnceDrained() throws Exception {
        QueueSpec spec = createQueue("txn", List.of(Duration.ofSeconds(5)));
        String group = "relay-it-" + UUID.randomUUID();
        Map<String, TierRecord> sent = new LinkedHashMap<>();

        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            writeTierRecords(spec, "past", -1_000, r -> send(producer, r, sent));
            producer.commitTransaction();

            try (RetryRelay relay = RetryRelay.start(settings, spec, group, Clock.systemUTC())) {
                await().atMost(Duration.ofSeconds(30)).until(relay::isAssigned);
                producer.beginTransaction();
                writeTierRecords(spec, "future", 1_500, r -> send(producer, r, sent));
                producer.commitTransaction();

                assertForwardedOnceInOrderNeverEarly(spec, sent, readQueue(spec, sent.size()));
            }
        }

        assertEveryTierFullyCommitted(spec, group);
    }

    private QueueSpec createQueue(String prefix, List<Duration> tiers) {
        QueueSpec spec = QueueSpec.of("relay-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withTiers(tiers);
        try (QueueTopicAdmin topics = QueueTopicAdmin.create(settings)) {
            topics.ensure(spec, OptionalInt.of(PARTITIONS));
        }
        return spec;
    }

    /** Three records per tier partition, due {@code dueInMillis} from now (in due-time order). */
    private static void writeTierRecords(QueueSpec spec, String batch, long dueInMillis, Consumer<TierRecord> out) {
        long base = System.currentTimeMillis() + dueInMillis;
        for (Duration tier : spec.tiers()) {
            String topic = spec.topics().tier(tier);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                for (int i = 0; i < 3; i++) {
                    String key = "u-" + Durations.format(tier) + "-" + partition + "-" + batch + "-" + i;
                    out.accept(new TierRecord(topic, partition, key, "payload of " + key, base + i * 20L));
                }
            }
        }
    }

    private static void send(KafkaProducer<String, String> producer, TierRecord r, Map<String, TierRecord> sent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value());
        record.headers().add(new RecordHeader(TRACE, r.key().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(TaskHeaders.DUE_AT,
                Long.toString(r.dueAt()).getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
        sent.put(r.key(), r);
    }

    /** Reads the queue from the beginning until {@code expected} records arrived and the end is reached. */
    private List<ConsumerRecord<String, String>> readQueue(QueueSpec spec, int expected) {
        List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(spec.topics().queue(), p)).toList();
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.with(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .untilAsserted(() -> {
                        consumer.poll(Duration.ofMillis(50)).forEach(received::add);
                        assertThat(received).hasSizeGreaterThanOrEqualTo(expected);
                    });
            // Anything forwarded twice would sit before the end offsets; read up to them.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(1))
                    .untilAsserted(() -> {
                        consumer.poll(Duration.ofMillis(50)).forEach(received::add);
                        for (TopicPartition tp : partitions) {
                            assertThat(consumer.position(tp)).isGreaterThanOrEqualTo(end.get(tp));
                        }
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

    private static void assertForwardedOnceInOrderNeverEarly(QueueSpec spec, Map<String, TierRecord> sent,
                                                              List<ConsumerRecord<String, String>> received) {
        assertThat(received.stream().map(ConsumerRecord::key))
                .as("every tier record arrives exactly once")
                .containsExactlyInAnyOrderElementsOf(sent.keySet());
        List<Long> lateness = new ArrayList<>();
        Map<String, List<String>> orderByTierPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : received) {
            TierRecord original = sent.get(record.key());
            assertThat(record.partition()).as("partition of %s", record.key()).isEqualTo(original.partition());
            assertThat(record.value()).isEqualTo(original.value());
            assertThat(record.headers().lastHeader(TaskHeaders.DUE_AT)).as("due-at header of %s", record.key()).isNull();
            assertThat(record.headers().lastHeader(TRACE)).as("other headers are kept").isNotNull();
            assertThat(new String(record.headers().lastHeader(TRACE).value(), StandardCharsets.UTF_8))
                    .isEqualTo(record.key());
            assertThat(record.timestamp()).as("%s forwarded no earlier than it was due", record.key())
                    .isGreaterThanOrEqualTo(original.dueAt());
            if (record.key().contains("-future-")) {
                lateness.add(record.timestamp() - original.dueAt());
            }
            orderByTierPartition.computeIfAbsent(original.topic() + "/" + record.partition(), k -> new ArrayList<>())
                    .add(record.key());
        }
        orderByTierPartition.forEach((tierPartition, keys) -> assertThat(keys)
                .as("order within %s", tierPartition)
                .isEqualTo(sent.values().stream()
                        .filter(r -> (r.topic() + "/" + r.partition()).equals(tierPartition))
                        .map(TierRecord::key).collect(Collectors.toList())));
        printLateness(spec, lateness);
    }

    private void assertEveryTierFullyCommitted(QueueSpec spec, String group) throws Exception {
        for (Duration tier : spec.tiers()) {
            String tierTopic = spec.topics().tier(tier);
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(RetryRelay.groupId(group, tierTopic))
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            IntStream.range(0, PARTITIONS).forEach(p -> latest.put(new TopicPartition(tierTopic, p), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            // A partition that never held a record has nothing to commit.
            Map<TopicPartition, Long> committedOffsets = new HashMap<>();
            end.keySet().forEach(tp -> committedOffsets.put(tp, committed.containsKey(tp) ? committed.get(tp).offset() : 0L));

            assertThat(committedOffsets).as("committed offsets of %s", tierTopic).isEqualTo(end);
        }
    }

    private long committedOffset(QueueSpec spec, String group, int partition) throws Exception {
        String tierTopic = spec.topics().tier(spec.tiers().get(0));
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(RetryRelay.groupId(group, tierTopic))
                .partitionsToOffsetAndMetadata().get().get(new TopicPartition(tierTopic, partition));
        return committed == null ? -1 : committed.offset();
    }

    private static void printLateness(QueueSpec spec, List<Long> lateness) {
        List<Long> sorted = lateness.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return;
        }
        long p50 = sorted.get((sorted.size() - 1) / 2);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        System.out.printf("retry relay lateness on %s over %d delayed records: min %d ms, p50 %d ms, p99 %d ms, max %d ms%n",
                spec.name(), sorted.size(), sorted.get(0), p50, p99, sorted.get(sorted.size() - 1));
    }

    private KafkaProducer<String, String> plainProducer() {
        return new KafkaProducer<>(settings.with(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0)), new StringSerializer(), new StringSerializer());
    }

    private KafkaProducer<String, String> transactionalProducer() {
        return new KafkaProducer<>(settings.with(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "relay-it-writer-" + UUID.randomUUID())),
                new StringSerializer(), new StringSerializer());
    }

    private record TierRecord(String topic, int partition, String key, String value, long dueAt) {
    }
}
