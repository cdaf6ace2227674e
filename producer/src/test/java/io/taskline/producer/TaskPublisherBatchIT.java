package io.taskline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.internal.KeyedPartitionReader;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchSummary;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code publisher.batch}: the batch is recorded before its members, which carry its id; a bad batch sends nothing. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TaskPublisherBatchIT {

    private final KafkaClientSettings settings;
    private TaskPublisher publisher;
    private KeyedPartitionReader reader;
    private SingleObjectCodec codec;
    private String queue;

    TaskPublisherBatchIT(EmbeddedKafkaBroker broker) {
        this.settings = KafkaClientSettings.of(broker.bootstrapServers());
    }

    @BeforeEach
    void createQueueAndPublisher() {
        queue = "batch-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (QueueTopicAdmin topics = QueueTopicAdmin.create(settings)) {
            topics.ensure(QueueSpec.of(queue), OptionalInt.of(3));
            topics.ensureTopic(SystemTopics.EVENTS, 3, Map.of());
        }
        publisher = TaskPublisher.create(new TaskPublisherConfig(Map.of("bootstrap.servers", settings.bootstrapServers())));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> publisher.requireQueue(queue));
        reader = KeyedPartitionReader.create(settings, "read_committed");
        codec = new SingleObjectCodec(publisher.registry());
    }

    @AfterEach
    void close() {
        reader.close();
        publisher.close();
    }

    @Test
    void recordsTheBatchBeforeItsMembersWhichCarryItsIdAsDoTheirEnqueuedEvents() throws Exception {
        List<TaskRequest> members = IntStream.range(0, 5).mapToObj(i -> message("m-" + i)).toList();

        PublishedBatch batch = publisher.batch("b-" + queue, members,
                TaskRequest.to(queue).type("reports-done").key("k-1")).get(30, TimeUnit.SECONDS);

        assertThat(batch.size()).isEqualTo(5);
        List<ConsumerRecord<byte[], byte[]>> records = reader.all(SystemTopics.BATCHES, batch.batchId());
        assertThat(records).hasSize(1);
        Batch recorded = codec.decode(records.get(0).value(), Batch.class);
        assertThat(recorded.getSize()).isEqualTo(5);
        assertThat(recorded.getCallbackId()).isEqualTo(batch.callbackId());
        assertThat(recorded.getCallbackQueue()).isEqualTo(queue);
        assertThat(recorded.getCallbackType()).isEqualTo("reports-done");
        Task callback = codec.decode(recorded.getCallback().array(), Task.class);
        assertThat(callback.getId()).isEqualTo(batch.callbackId());
        assertThat(callback.getKey()).isEqualTo("k-1");
        assertThat(callback.getBatchId()).as("the callback is not a member").isNull();
        assertThat(codec.decode(callback.getPayload().array(), BatchSummary.class).getSize()).isEqualTo(5);
        for (PublishedTask member : batch.tasks()) {
            List<ConsumerRecord<byte[], byte[]>> onQueue = reader.all(queue, member.id());
            assertThat(onQueue).hasSize(1);
            assertThat(codec.decode(onQueue.get(0).value(), Task.class).getBatchId()).isEqualTo(batch.batchId());
            assertThat(onQueue.get(0).timestamp()).isGreaterThanOrEqualTo(records.get(0).timestamp());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> events = reader.all(SystemTopics.EVENTS, "m-0");
            assertThat(events).singleElement().satisfies(r -> {
                TaskEvent enqueued = codec.decode(r.value(), TaskEvent.class);
                assertThat(enqueued.getEvent()).isEqualTo(TaskEventType.ENQUEUED);
                assertThat(enqueued.getBatchId()).isEqualTo(batch.batchId());
            });
        });
    }

    @Test
    void aBatchWithARefusedMemberSendsNothingNotEvenItsRecord() {
        String batchId = "refused-" + queue;
        List<TaskRequest> members = List.of(message("ok-1"), TaskRequest.to("no-such-queue-" + queue).type("report")
                .payload(Message.newBuilder().setMessage("x").build()).build());

        assertThatThrownBy(() -> publisher.batch(batchId, members, TaskRequest.to(queue).type("done")))
                .isInstanceOf(InvalidTaskException.class).hasMessageStartingWith("task 1: unknown queue");

        publisher.flush();
        assertThat(reader.all(SystemTopics.BATCHES, batchId)).isEmpty();
        assertThat(reader.all(queue, "ok-1")).isEmpty();
    }

    @Test
    void refusesAnEmptyBatchTwoMembersWithOneIdADelayedCallbackAndABadBatchId() {
        TaskRequest.Builder done = TaskRequest.to(queue).type("done");
        assertThatThrownBy(() -> publisher.batch(List.of(), done))
                .isInstanceOf(InvalidTaskException.class).hasMessage("a batch needs at least one task");
        assertThatThrownBy(() -> publisher.batch(List.of(message("same"), message("same")), done))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("task id same appears twice");
        assertThatThrownBy(() -> publisher.batch(List.of(message("a")),
                TaskRequest.to(queue).type("done").delay(Duration.ofMinutes(1))))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("cannot be delayed");
        assertThatThrownBy(() -> publisher.batch(" ", List.of(message("a")), done))
                .isInstanceOf(InvalidTaskException.class).hasMessage("a batch id must not be blank");
        assertThatThrownBy(() -> publisher.batch("a\nb", List.of(message("a")), done))
                .isInstanceOf(InvalidTaskException.class).hasMessageContaining("without control characters");
    }

    @Test
    void aBatchWithMembersTheBrokerRefusesNamesThemAndTheBatchToPublishThemAgain() throws Exception {
        try (Admin admin = Admin.create(settings.asMap())) {
            // The publisher's own limit lets the big member through; the queue's topic does not.
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, queue), List.of(
                    new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000"),
                            AlterConfigOp.OpType.SET)))).all().get();
        }
        String batchId = "partial-" + queue;
        TaskRequest big = TaskRequest.to(queue).type("report").id("big").key("big")
                .payload(Message.newBuilder().setMessage("x".repeat(10_000)).build()).build();

        assertThatThrownBy(() -> publisher.batch(batchId, List.of(message("small-1"), big, message("small-2")),
                TaskRequest.to(queue).type("done")).get(30, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(BatchIncompleteException.class, e -> {
                    assertThat(e.batchId()).isEqualTo(batchId);
                    assertThat(e.unsentIds()).containsExactly("big");
                    assertThat(e.getMessage()).startsWith("1 of 3 members of batch " + batchId + " were not sent (first: big: ")
                            .endsWith("publish them again with batch id " + batchId + " and the same task ids");
                });
        publisher.flush();
        assertThat(reader.all(SystemTopics.BATCHES, batchId)).as("the batch is recorded").hasSize(1);
        assertThat(reader.all(queue, "small-1")).hasSize(1);
        assertThat(reader.all(queue, "big")).isEmpty();
    }

    private TaskRequest message(String id) {
        return TaskRequest.to(queue).type("report").id(id).key(id).payload(Message.newBuilder().setMessage(id).build())
                .build();
    }
}
