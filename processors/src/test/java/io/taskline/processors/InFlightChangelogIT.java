package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.internal.NodeNames;
import io.taskline.processors.internal.ParkedTasks;
import io.taskline.processors.testing.SlowHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.TopicReader;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-flight store reaches its changelog before the offsets it protects are committed: a task
 * still running when its offset is committed is in the changelog, so a new owner would run it
 * again, and it leaves the changelog when it ends.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class InFlightChangelogIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private final WorkerFixture fixture;

    InFlightChangelogIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void aTaskStillRunningWhenItsOffsetIsCommittedIsInTheChangelogAndLeavesItWhenItEnds(String guarantee)
            throws Exception {
        String queue = TestQueues.unique("inflight");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        props.put(WorkerConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskHandler<Message> held = new TaskHandler<>() {
            @Override
            public Class<Message> payloadType() {
                return Message.class;
            }

            @Override
            public void handle(Message payload, TaskContext ctx) throws InterruptedException {
                started.countDown();
                release.await(EVENTUALLY.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
        fixture.startWorker(props, queue, Map.of("held", held));
        String id = fixture.publisher().publish(TaskRequest.to(queue).type("held")
                .payload(Message.newBuilder().setMessage("held").build()).build()).join().id();
        assertThat(started.await(EVENTUALLY.toSeconds(), TimeUnit.SECONDS)).as("the task started").isTrue();

        await().atMost(EVENTUALLY).until(() -> committed(props, queue) >= 1);
        List<ConsumerRecord<byte[], byte[]>> entries = TopicReader.readAll(fixture.bootstrap(), changelog(props, queue));
        assertThat(entries).as("in-flight changelog once the running task's offset is committed").hasSize(1);
        assertThat(fixture.decodeTask(ParkedTasks.decode(entries.get(0).value()).value()).getId())
                .as("the task the changelog keeps").isEqualTo(id);

        release.countDown();
        await().atMost(EVENTUALLY).until(() -> fixture.events(queue).stream()
                .anyMatch(e -> e.getTaskId().equals(id) && e.getEvent() == TaskEventType.SUCCEEDED));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(
                TopicReader.readAll(fixture.bootstrap(), changelog(props, queue)))
                .as("in-flight changelog after the task succeeded: its entry, then a tombstone")
                .extracting(ConsumerRecord::value).containsExactly(entries.get(0).value(), null));
    }

    @Test
    void aChangelogLeftByAnOlderWorkerGetsTheCompactionConfigsAtStart() throws Exception {
        String queue = TestQueues.unique("oldlog");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        String changelog = changelog(props, queue);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, changelog);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", fixture.bootstrap()))) {
            // As a worker before the compaction configs created it: compacted, Kafka's defaults otherwise.
            admin.createTopics(List.of(new NewTopic(changelog, 3, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.SEGMENT_MS_CONFIG).value()).isNotEqualTo("60000");

            fixture.startWorker(props, queue, Map.of("echo", SlowHandler.taking(Duration.ZERO)));

            Config after = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            TaskTopology.IN_FLIGHT_CHANGELOG.forEach((key, value) ->
                    assertThat(after.get(key).value()).as(key).isEqualTo(value));
            assertThat(after.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /** The sum of the offsets the worker group has committed on the queue's topic. */
    private long committed(Map<String, Object> props, String queue) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", fixture.bootstrap()))) {
            return admin.listConsumerGroupOffsets(props.get("worker.group").toString())
                    .partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(queue) && e.getValue() != null)
                    .map(Map.Entry::getValue).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static String changelog(Map<String, Object> props, String queue) {
        return props.get("worker.group") + "-" + new NodeNames(queue).inFlightStore() + "-changelog";
    }
}
