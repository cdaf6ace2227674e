package io.taskline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @Test
    void exactlyOnceRecordSurvivesStopAndStartOnSamePort() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build()) {
            startTimed(kafka, "first start");
            String bootstrap = kafka.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            assertThat(kafka.isRunning()).isTrue();

            createTopic(bootstrap, "jobs");
            produceTransactionally(bootstrap, "jobs");
            // read_committed: the committed record is visible, the aborted one is not.
            assertThat(readCommitted(bootstrap, "jobs", 1)).containsExactly("job-1:committed");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            assertThat(kafka.dataDir()).isDirectory();

            startTimed(kafka, "restart");
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = admin(bootstrap)) {
                assertThat(admin.listTopics().names().get()).contains("jobs");
            }
            assertThat(readCommitted(bootstrap, "jobs", 1)).containsExactly("job-1:committed");
            // Transactions keep working after the restart (transaction state log reloaded).
            produceTransactionally(bootstrap, "jobs");
            assertThat(readCommitted(bootstrap, "jobs", 2)).containsExactly("job-1:committed", "job-1:committed");
        }
    }

    @Test
    void givenDataDirKeepsClusterAndTopicsAcrossInstances(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDir(dataDir).build()) {
            startTimed(first, "fresh data dir");
            createTopic(first.bootstrapServers(), "kept");
            try (Admin admin = admin(first.bootstrapServers())) {
                clusterId = admin.describeCluster().clusterId().get();
            }
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().dataDir(dataDir).build()) {
            startTimed(second, "reused data dir");
            try (Admin admin = admin(second.bootstrapServers())) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        }
        assertThat(dataDir).isDirectory();
    }

    @Test
    void closeDeletesTheTemporaryDataDirItCreated() {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build();
        Path dataDir = kafka.dataDir();
        assertThat(dataDir).isDirectory();
        kafka.close();
        assertThat(Files.exists(dataDir)).isFalse();
        assertThat(kafka.isRunning()).isFalse();
    }

    @Test
    void portInUseFailsStartWithoutKillingTheJvm() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build()) {
            assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class);
            assertThat(kafka.isRunning()).isFalse();
        }
    }

    static void startTimed(EmbeddedKafkaBroker kafka, String what) {
        long began = System.nanoTime();
        kafka.start();
        long ms = Duration.ofNanos(System.nanoTime() - began).toMillis();
        System.out.printf("EmbeddedKafkaBroker %s: ready in %d ms (%s)%n", what, ms, kafka.bootstrapServers());
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void produceTransactionally(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "job-1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "job-1", "committed"));
            producer.commitTransaction();
        }
    }

    private static List<String> readCommitted(String bootstrap, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(rec.key() + ":" + rec.value());
                }
            }
            // One more short poll so an unexpected extra record (e.g. an aborted one) would show up.
            consumer.poll(Duration.ofMillis(500)).forEach(rec -> seen.add(rec.key() + ":" + rec.value()));
        }
        return seen;
    }
}
