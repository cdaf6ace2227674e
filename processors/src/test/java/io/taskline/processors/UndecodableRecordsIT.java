package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static io.taskline.processors.testing.WorkerFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records a worker cannot read go to the DLQ as they are, and do not stop the queue. */
@ExtendWith(EmbeddedKafkaExtension.class)
class UndecodableRecordsIT {

    /** A fingerprint no schema in the registry has (checked in the test). */
    private static final long UNKNOWN_FINGERPRINT = 0x0badc0ffee15bad1L;

    private final WorkerFixture fixture;

    UndecodableRecordsIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void garbageAndUnknownSchemaRecordsAreDeadLetteredRawAndTheTaskAfterThemStillRuns() throws Exception {
        String queue = TestQueues.unique("undecodable");
        RecordingHandler<Message> echo = aHandler(Message.class).named("echo");
        // One partition, so "after them" means after them in the order the worker reads.
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2);
        props.put("queue." + queue + ".partitions", "1");
        fixture.startWorker(props, queue, Map.of("echo", echo));

        byte[] garbage = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = singleObjectHeader(UNKNOWN_FINGERPRINT, new byte[] {2, 'h', 'i'});
        TaskPublisher publisher = fixture.publisher();
        assertThat(publisher.registry().findByFingerprint(UNKNOWN_FINGERPRINT)).isNull();
        RecordMetadata garbageAt;
        RecordMetadata unknownAt;
        try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
            garbageAt = raw.send(new ProducerRecord<>(queue, "k-1".getBytes(StandardCharsets.UTF_8), garbage)).get();
            unknownAt = raw.send(new ProducerRecord<>(queue, null, unknownSchema)).get();
        }
        String id = publisher.publish(TaskRequest.to(queue).type("echo")
                .payload(Message.newBuilder().setMessage("after the garbage").build()).build()).join().id();

        await().atMost(Duration.ofSeconds(60)).until(() -> echo.executionsOf(id).size() == 1);
        List<ConsumerRecord<byte[], byte[]>> dead =
                fixture.awaitRecords(QueueTopics.of(queue).dlq(), 2, Duration.ofSeconds(30));
        assertThat(dead).as("only the two undecodable records are dead letters").hasSize(2);

        ConsumerRecord<byte[], byte[]> deadGarbage = deadLetterFrom(dead, garbageAt);
        assertThat(deadGarbage.value()).isEqualTo(garbage);
        assertThat(deadGarbage.key()).isEqualTo("k-1".getBytes(StandardCharsets.UTF_8));
        assertThat(header(deadGarbage, TaskHeaders.UNDECODABLE)).isEqualTo("true");
        assertThat(header(deadGarbage, TaskHeaders.DLQ_REASON)).contains("not Avro single-object encoded");
        assertThat(header(deadGarbage, TaskHeaders.ORIGINAL_TOPIC)).isEqualTo(queue);

        ConsumerRecord<byte[], byte[]> deadUnknown = deadLetterFrom(dead, unknownAt);
        assertThat(deadUnknown.value()).isEqualTo(unknownSchema);
        assertThat(header(deadUnknown, TaskHeaders.UNDECODABLE)).isEqualTo("true");
        assertThat(header(deadUnknown, TaskHeaders.DLQ_REASON))
                .contains("unknown schema fingerprint")
                .contains(Long.toHexString(UNKNOWN_FINGERPRINT));
        assertThat(header(deadUnknown, TaskHeaders.ORIGINAL_TOPIC)).isEqualTo(queue);
    }

    @Test
    void anUnknownTaskTypeIsADeadLetterAfterAttemptOneNamingTheType() throws Exception {
        String queue = TestQueues.unique("unknowntype");
        RecordingHandler<Message> echo = aHandler(Message.class).named("echo");
        fixture.startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3), queue, Map.of("echo", echo));

        String id = fixture.publisher().publish(TaskRequest.to(queue).type("mystery-type")
                .payload(Message.newBuilder().setMessage("x").build()).build()).join().id();

        List<ConsumerRecord<byte[], byte[]>> dead =
                fixture.awaitRecords(QueueTopics.of(queue).dlq(), 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), TaskHeaders.UNDECODABLE)).isNull();
        assertThat(header(dead.get(0), TaskHeaders.DLQ_REASON)).isNotBlank();
        Task task = fixture.decodeTask(dead.get(0).value());
        assertThat(task.getId()).isEqualTo(id);
        assertThat(task.getAttempt()).isEqualTo(1);
        assertThat(task.getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getAttempt()).isEqualTo(1);
            assertThat(f.getMessage()).contains("mystery-type").contains("echo");
        });
        assertThat(echo.executions()).isEmpty();
        Optional<TaskEvent> deadEvent = await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.events(queue).stream().filter(e -> e.getTaskId().equals(id))
                        .filter(e -> e.getEvent() == TaskEventType.DEAD).findFirst(), Optional::isPresent);
        assertThat(deadEvent.get().getErrorMessage()).contains("mystery-type");
    }

    private static ConsumerRecord<byte[], byte[]> deadLetterFrom(List<ConsumerRecord<byte[], byte[]>> dead,
                                                                 RecordMetadata origin) {
        List<ConsumerRecord<byte[], byte[]>> matching = dead.stream()
                .filter(r -> Long.toString(origin.offset()).equals(header(r, TaskHeaders.ORIGINAL_OFFSET)))
                .filter(r -> Integer.toString(origin.partition()).equals(header(r, TaskHeaders.ORIGINAL_PARTITION)))
                .toList();
        assertThat(matching).as("dead letter of %s-%d@%d", origin.topic(), origin.partition(), origin.offset())
                .hasSize(1);
        return matching.get(0);
    }

    /** {@code C3 01}, the 8-byte little-endian fingerprint, then {@code body}. */
    private static byte[] singleObjectHeader(long fingerprint, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(10 + body.length);
        buffer.put((byte) 0xC3).put((byte) 0x01);
        buffer.order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
        buffer.put(body);
        byte[] out = buffer.array();
        assertThat(SingleObjectCodec.fingerprint(out)).isEqualTo(fingerprint);
        return out;
    }

    private KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
