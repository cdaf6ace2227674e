package io.taskline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.taskline.testing.internal.BrokerChoice;
import org.testcontainers.DockerClientFactory;

/** The extension picks a broker that fits the machine, and that broker really works. */
@ExtendWith(TasklineKafkaExtension.class)
class TasklineKafkaExtensionIT {

    private final TasklineKafka fromConstructor;

    TasklineKafkaExtensionIT(TasklineKafka kafka) {
        this.fromConstructor = kafka;
    }

    @Test
    void usesTheRequestedBrokerElseTestcontainersOnlyWhereDockerRunsAndTheEmbeddedBrokerElsewhere(TasklineKafka kafka) {
        String requested = System.getProperty(BrokerChoice.PROPERTY);
        TasklineKafka.Kind expected = "embedded".equals(requested) ? TasklineKafka.Kind.EMBEDDED
                : "testcontainers".equals(requested) ? TasklineKafka.Kind.TESTCONTAINERS
                : DockerClientFactory.instance().isDockerAvailable() ? TasklineKafka.Kind.TESTCONTAINERS
                : TasklineKafka.Kind.EMBEDDED;

        assertThat(kafka.kind()).isEqualTo(expected);
        assertThat(kafka).isSameAs(fromConstructor).isSameAs(TasklineKafkaExtension.sharedKafka());
    }

    @Test
    void theChosenBrokerCreatesTopicsAndCarriesRecords(TasklineKafka kafka) throws Exception {
        String topic = "support-" + UUID.randomUUID();
        createTopic(kafka, topic);

        send(kafka, topic, "hello");

        assertThat(readAll(kafka, topic, 1)).containsExactly("hello");
    }

    @Test
    void keepsItsAddressAndDataAcrossAStopAndStart(TasklineKafka kafka) throws Exception {
        String topic = "support-restart-" + UUID.randomUUID();
        createTopic(kafka, topic);
        send(kafka, topic, "before");
        String address = kafka.bootstrapServers();

        kafka.stop();
        kafka.start();
        send(kafka, topic, "after");

        assertThat(kafka.bootstrapServers()).isEqualTo(address);
        assertThat(readAll(kafka, topic, 2)).containsExactly("before", "after");
    }

    private static void createTopic(TasklineKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            assertThat(admin.listTopics().names().get()).contains(topic);
        }
    }

    private static void send(TasklineKafka kafka, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "delivery.timeout.ms", 60_000),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static List<String> readAll(TasklineKafka kafka, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "support-" + UUID.randomUUID(),
                        "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
