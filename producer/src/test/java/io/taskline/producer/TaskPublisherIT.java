package io.taskline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class TaskPublisherIT {

    private static final int PARTITIONS = 3;
    private static final int MAX_TASK_BYTES = 2048;
    private static final Instant NOW = Instant.parse("2025-06-01T08:00:00.123Z");

    private final KafkaClientSettings settings;
    private final String bootstrap;
    private Admin admin;
    private TaskPublisher publisher;
    private String queue;

    TaskPublisherIT(EmbeddedKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
        this.settings = KafkaClientSettings.of(bootstrap);
    }

    @BeforeEach
    void createQueueAndPublisher() {
        admin = Admin.create(settings.asMap());
        queue = "publisher-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (QueueTopicAdmin topics = QueueTopicAdmin.create(settings)) {
            topics.ensure(QueueSpec.of(queue), OptionalInt.of(PARTITIONS));
        }
        // Topic creation is acknowledged by the controller; wait until the broker lists the queue too.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.listTopics().names().get().contains(queue));
        publisher = TaskPublisher.create(new TaskPublisherConfig(Map.of(
                TaskPublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                TaskPublisherConfig.MAX_TASK_BYTES_CONFIG, MAX_TASK_BYTES)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        publisher.close();
        admin.close();
    }

    @Test
    void aPublishedTaskCompletesWithItsIdPartitionAndOffset() throws Exception {
        PublishedTask published = publisher.publish(message("hello", "u-1")).get(30, TimeUnit.SECONDS);

        assertThat(UUID.fromString(published.id())).as("a generated id is a UUID").isNotNull();
        assertThat(published.queue()).isEqualTo(queue);
        assertThat(published.partition()).isBetween(0, PARTITIONS - 1);
        assertThat(published.offset()).isZero();
        assertThat(endOffsets().get(new TopicPartition(queue, published.partition()))).isEqualTo(1L);
    }

    @Test
    void aTaskWithoutAKeyIsKeyedByItsIdSoTheSameIdAlwaysReachesTheSamePartition() throws Exception {
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // A publisher of its own each time, as after a restart: nothing sticky carries over.
            try (TaskPublisher again = TaskPublisher.create(new TaskPublisherConfig(Map.of(
                    TaskPublisherConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
                PublishedTask published = again.publish(TaskRequest.to(queue).type("echo").id("keyless-1")
                        .payload(Message.newBuilder().setMessage("copy " + i).build()).build()).get(30, TimeUnit.SECONDS);
                partitions.add(published.partition());
                assertThat(new String(readAt(published).key(), StandardCharsets.UTF_8)).isEqualTo("keyless-1");
            }
        }

        assertThat(partitions).as("the partition of each copy").containsOnly(partitions.get(0));
    }

    @Test
    void theEnvelopeOnTheQueueIsAFirstAttemptWithTypeQueueKeyAndEnqueuedAt() throws Exception {
        TaskRequest request = TaskRequest.to(queue).type("echo").key("u-9")
                .payload(Message.newBuilder().setMessage("hi there").build())
                .maxAttempts(7).expiresAt(NOW.plus(Duration.ofHours(1))).header("tenant", "acme").build();
        PublishedTask published = publisher.publish(request).get(30, TimeUnit.SECONDS);

        ConsumerRecord<byte[], byte[]> record = readAt(published);
        SingleObjectCodec codec = new SingleObjectCodec(publisher.registry());
        Task task = codec.decode(record.value(), Task.class);

        assertThat(task.getId()).isEqualTo(published.id());
        assertThat(task.getType()).isEqualTo("echo");
        assertThat(task.getQueue()).isEqualTo(queue);
        assertThat(task.getKey()).isEqualTo("u-9");
        assertThat(task.getAttempt()).isEqualTo(1);
        assertThat(task.getEnqueuedAt()).isEqualTo(NOW);
        assertThat(task.getMaxAttempts()).isEqualTo(7);
        assertThat(task.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(task.getHeaders()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(task.getFailures()).isEmpty();
        assertThat(codec.decode(bytes(task.getPayload()), Message.class).getMessage()).isEqualTo("hi there");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u-9");
        assertThat(header(record, TaskHeaders.TASK_ID)).isEqualTo(published.id());
        assertThat(header(record, TaskHeaders.TYPE)).isEqualTo("echo");
    }

    @Test
    void aDelayedTaskIsDueItsDelayAfterThePublishersClockAndATimedOneAtItsTime() throws Exception {
        TaskRequest.Builder later = TaskRequest.to(queue).type("echo").payload(Message.newBuilder().setMessage("x").build());
        PublishedTask delayed = publisher.publish(later.delay(Duration.ofSeconds(30)).build()).get(30, TimeUnit.SECONDS);
        Instant at = NOW.plus(Duration.ofDays(30));
        PublishedTask timed = publisher.publish(later.delay(null).runAt(at).build()).get(30, TimeUnit.SECONDS);
        PublishedTask past = publisher.publish(later.runAt(NOW.minusSeconds(60)).build()).get(30, TimeUnit.SECONDS);
        PublishedTask now = publisher.publish(message("now", "u-1")).get(30, TimeUnit.SECONDS);

        SingleObjectCodec codec = new SingleObjectCodec(publisher.registry());
        assertThat(delayed.runAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(codec.decode(readAt(delayed).value(), Task.class).getRunAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(timed.runAt()).isEqualTo(at);
        assertThat(codec.decode(readAt(timed).value(), Task.class).getRunAt()).isEqualTo(at);
        assertThat(codec.decode(readAt(past).value(), Task.class).getRunAt()).as("runs at once").isEqualTo(NOW.minusSeconds(60));
        assertThat(now.runAt()).isNull();
        assertThat(codec.decode(readAt(now).value(), Task.class).getRunAt()).isNull();
    }

    @Test
    void aRunTimeMoreThanAYearAheadOrAfterTheTaskExpiresIsRefusedBeforeAnythingIsSent() {
        TaskRequest.Builder later = TaskRequest.to(queue).type("echo").payload(Message.newBuilder().setMessage("x").build());

        assertThatThrownBy(() -> publisher.publish(later.runAt(NOW.plus(Duration.ofDays(366))).build()))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("is more than 365d ahead");
        assertThatThrownBy(() -> publisher.publishAll(List.of(message("first", "u-1"),
                later.runAt(NOW.plusSeconds(60)).expiresAt(NOW.plusSeconds(30)).build())))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("task 1")
                .hasMessageContaining("expires at " + NOW.plusSeconds(30) + ", not after it is due at " + NOW.plusSeconds(60));
        publisher.flush();
        assertThat(endOffsets().values()).containsOnly(0L);
    }

    @Test
    void aCallerSuppliedIdIsKept() throws Exception {
        TaskRequest request = TaskRequest.to(queue).type("echo").id("order-42-confirmation")
                .payload(Message.newBuilder().setMessage("x").build()).build();

        PublishedTask published = publisher.publish(request).get(30, TimeUnit.SECONDS);

        assertThat(published.id()).isEqualTo("order-42-confirmation");
        Task task = new SingleObjectCodec(publisher.registry()).decode(readAt(published).value(), Task.class);
        assertThat(task.getId()).isEqualTo("order-42-confirmation");
    }

    @Test
    void tasksWithTheSameKeyLandInOnePartitionInPublishOrder() throws Exception {
        List<PublishedTask> published = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            published.add(publisher.publish(message("step " + i, "user-17")).get(30, TimeUnit.SECONDS));
        }

        assertThat(published).extracting(PublishedTask::partition).containsOnly(published.get(0).partition());
        assertThat(published).extracting(PublishedTask::offset).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void anUnknownQueueIsRefusedWithHowToCreateIt() {
        String missing = "no-such-queue-" + UUID.randomUUID().toString().substring(0, 8);

        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(missing).type("echo")
                .payload(Message.newBuilder().setMessage("x").build()).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("taskline topics create");
    }

    @Test
    void aGenericPayloadThatDoesNotFitItsSchemaIsRefusedNamingTheField() {
        GenericData.Record payload = new GenericData.Record(Message.getClassSchema());
        payload.put("message", 42);

        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type("echo").payload(payload).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("'message'")
                .hasMessageContaining("echo")
                .hasMessageContaining("Integer");
        assertThat(endOffsets().values()).containsOnly(0L);
    }

    @Test
    void aGenericPayloadMissingARequiredFieldIsRefusedNamingTheField() {
        GenericData.Record payload = new GenericData.Record(Message.getClassSchema());

        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type("echo").payload(payload).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("'message'");
    }

    @Test
    void aTaskOverTheSizeLimitIsRefusedNamingTheLimit() {
        TaskRequest big = TaskRequest.to(queue).type("echo")
                .payload(Message.newBuilder().setMessage("x".repeat(MAX_TASK_BYTES)).build()).build();

        assertThatThrownBy(() -> publisher.publish(big))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(String.valueOf(MAX_TASK_BYTES))
                .hasMessageContaining(TaskPublisherConfig.MAX_TASK_BYTES_CONFIG);
        assertThat(endOffsets().values()).containsOnly(0L);
    }

    @Test
    void publishAllSendsNothingWhenOneTaskInTheMiddleIsInvalidAndNamesItsIndex() throws Exception {
        publisher.publish(message("before", "u-1")).get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> before = endOffsets();
        GenericData.Record broken = new GenericData.Record(Message.getClassSchema());
        broken.put("message", 42);
        List<TaskRequest> batch = List.of(
                message("first", "u-1"),
                message("second", "u-2"),
                TaskRequest.to(queue).type("echo").key("u-3").payload(broken).build(),
                message("fourth", "u-4"));

        assertThatThrownBy(() -> publisher.publishAll(batch))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("task 2")
                .hasMessageContaining("'message'");
        publisher.flush();

        assertThat(endOffsets()).isEqualTo(before);
    }

    @Test
    void publishAllOfValidTasksSendsEachAndCompletesEachFuture() throws Exception {
        List<TaskRequest> batch = IntStream.range(0, 5).mapToObj(i -> message("n" + i, "batch-key")).toList();

        List<PublishedTask> published = new ArrayList<>();
        for (var future : publisher.publishAll(batch)) {
            published.add(future.get(30, TimeUnit.SECONDS));
        }

        assertThat(published).extracting(PublishedTask::id).doesNotHaveDuplicates();
        assertThat(published).extracting(PublishedTask::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(endOffsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    }

    @Test
    void aPayloadOfAnotherSchemaThanTheTypeIsBoundToIsRefused() {
        Schema other = new Schema.Parser().parse("""
                {"type": "record", "name": "Other%s", "namespace": "test.publisher",
                 "fields": [{"name": "message", "type": "string"}]}""".formatted(UUID.randomUUID().toString().substring(0, 8)));
        publisher.registry().bindType(queue, "echo", Message.getClassSchema());
        GenericRecord payload = new GenericRecordBuilder(other).set("message", "x").build();

        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type("echo").payload(payload).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(Message.getClassSchema().getFullName())
                .hasMessageContaining(other.getFullName());
    }

    @Test
    void anIncompatiblePayloadSchemaChangeIsRefusedAsAnInvalidTask() throws Exception {
        String name = "Order" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Schema v1 = new Schema.Parser().parse("""
                {"type": "record", "name": "%s", "namespace": "test.publisher",
                 "fields": [{"name": "amount", "type": "long"}]}""".formatted(name));
        Schema amountAsString = new Schema.Parser().parse(v1.toString().replace("\"long\"", "\"string\""));
        publisher.publish(TaskRequest.to(queue).type("charge")
                .payload(new GenericRecordBuilder(v1).set("amount", 5L).build()).build()).get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type("charge")
                .payload(new GenericRecordBuilder(amountAsString).set("amount", "five").build()).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining("test.publisher." + name);
    }

    @Test
    void theSchemaTopicIsNotAQueue() throws Exception {
        // A broker of its own: if the bug is present, the schema topic of this broker is poisoned for good.
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.builder().build().start();
             TaskPublisher ownPublisher = TaskPublisher.create(new TaskPublisherConfig(Map.of(
                     TaskPublisherConfig.BOOTSTRAP_SERVERS_CONFIG, own.bootstrapServers())))) {
            Throwable refused = catchThrowable(() -> ownPublisher.publish(TaskRequest.to(SystemTopics.SCHEMAS)
                    .type("echo").key("u-1").payload(Message.newBuilder().setMessage("oops").build()).build())
                    .get(30, TimeUnit.SECONDS));

            try (KafkaSchemaRegistry afterwards = KafkaSchemaRegistry.connect(KafkaClientSettings.of(own.bootstrapServers()))) {
                afterwards.register(Message.getClassSchema());
            }
            try (KafkaSchemaRegistry again = KafkaSchemaRegistry.connect(KafkaClientSettings.of(own.bootstrapServers()))) {
                assertThat(again.findByFingerprint(SingleObjectCodec.fingerprint(Message.getClassSchema())))
                        .as("schema registries keep working").isNotNull();
            }
            assertThat(refused).isInstanceOf(InvalidTaskException.class).hasMessageContaining(SystemTopics.SCHEMAS);
        }
    }

    private TaskRequest message(String text, String key) {
        return TaskRequest.to(queue).type("echo").key(key).payload(Message.newBuilder().setMessage(text).build()).build();
    }

    private Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        IntStream.range(0, PARTITIONS).forEach(p -> latest.put(new TopicPartition(queue, p), OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        try {
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private ConsumerRecord<byte[], byte[]> readAt(PublishedTask published) {
        TopicPartition tp = new TopicPartition(published.queue(), published.partition());
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.with(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, published.offset());
            await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(100)).records(tp).stream()
                        .filter(r -> r.offset() == published.offset()).forEach(found::add);
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
