package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskline.processors.internal.BatchNodes;
import io.taskline.processors.internal.ScheduleNodes;
import io.taskline.processors.testing.MutableClock;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TaskBuilder;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import io.taskline.schemas.BatchSummary;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch tracker in the whole worker topology, driven without a broker: members run, events loop back. */
class BatchTrackerTest {

    private static final String QUEUE = "reports";
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(START);
    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final RecordingHandler<Message> members = aHandler(Message.class).named("report").refusing(Set.of("m-2", "m-4"));
    private final RecordingHandler<BatchSummary> callbacks = aHandler(BatchSummary.class).named("reports-done");
    private TopologyTestDriver driver;
    private TestOutputTopic<byte[], byte[]> states;

    @BeforeEach
    void startDriver() {
        QueueSpec spec = QueueSpec.of(QUEUE).withTiers(List.of(Duration.ofSeconds(5))).withMaxAttempts(2);
        HandlerRegistry handlers = HandlerRegistry.builder().add("report", members).add("reports-done", callbacks).build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "batch-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(TaskTopology.build(List.of(new QueueBinding(spec, handlers)), codec, clock, "w1"),
                props, START);
        states = driver.createOutputTopic(SystemTopics.BATCH_STATE, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void firesTheCallbackOnceWithTheCountsAndDeadIdsWhenEveryMemberSucceededOrDied() {
        publishBatch("b-1", QUEUE, 5);
        runMembers("b-1", 5);

        assertThat(callbacks.executions()).singleElement().satisfies(e -> {
            assertThat(e.taskId()).isEqualTo("b-1-done");
            BatchSummary summary = (BatchSummary) e.payload();
            assertThat(summary.getBatchId()).isEqualTo("b-1");
            assertThat(summary.getSize()).isEqualTo(5);
            assertThat(summary.getSucceeded()).isEqualTo(3);
            assertThat(summary.getDead()).isEqualTo(2);
            assertThat(summary.getDeadTaskIds()).containsExactly("m-2", "m-4");
        });
        BatchState state = lastState("b-1");
        assertThat(state.getSize()).isEqualTo(5);
        assertThat(state.getSucceeded()).isEqualTo(3);
        assertThat(state.getDead()).isEqualTo(2);
        assertThat(state.getRetrying()).isZero();
        assertThat(state.getCallbackFiredAt()).isEqualTo(START);
        assertThat(state.getCallbackId()).isEqualTo("b-1-done");
    }

    @Test
    void theEventsOfAMemberCarryItsBatchIdAndTheCallbackIsEnqueuedWithoutOne() {
        publishBatch("b-ev", QUEUE, 1);
        runMembers("b-ev", 1);

        List<TaskEvent> events = new ArrayList<>();
        driver.createOutputTopic(SystemTopics.EVENTS, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList().forEach(r -> {
                    TaskEvent e = codec.decode(r.value(), TaskEvent.class);
                    events.add(e);
                    String header = r.headers().lastHeader(TaskHeaders.BATCH_ID) == null ? null
                            : new String(r.headers().lastHeader(TaskHeaders.BATCH_ID).value(), StandardCharsets.UTF_8);
                    assertThat(header).isEqualTo(e.getBatchId());
                });
        assertThat(events).filteredOn(e -> e.getTaskId().equals("m-1")).extracting(TaskEvent::getBatchId)
                .containsExactly("b-ev", "b-ev");
        assertThat(events).filteredOn(e -> e.getTaskId().equals("b-ev-done"))
                .extracting(TaskEvent::getEvent, TaskEvent::getBatchId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskEventType.ENQUEUED, null),
                        org.assertj.core.groups.Tuple.tuple(TaskEventType.STARTED, null),
                        org.assertj.core.groups.Tuple.tuple(TaskEventType.SUCCEEDED, null));
    }

    @Test
    void aMemberCountsOnceHoweverOftenItsEventsRepeat() {
        publishBatch("b-dup", QUEUE, 3);
        for (int i = 0; i < 3; i++) {
            memberEvent("b-dup", "m-1", TaskEventType.SUCCEEDED);
        }
        assertThat(lastState("b-dup").getSucceeded()).isEqualTo(1);
        assertThat(callbacks.executions()).isEmpty();

        memberEvent("b-dup", "m-2", TaskEventType.SUCCEEDED);
        memberEvent("b-dup", "m-3", TaskEventType.DEAD);
        memberEvent("b-dup", "m-3", TaskEventType.DEAD);
        memberEvent("b-dup", "m-2", TaskEventType.SUCCEEDED);

        assertThat(callbacks.executions()).hasSize(1);
        BatchState state = lastState("b-dup");
        assertThat(state.getSucceeded()).isEqualTo(2);
        assertThat(state.getDead()).isEqualTo(1);
    }

    @Test
    void aSuccessIsNotUndoneByALaterRunOfTheSameTask() {
        publishBatch("b-final", QUEUE, 2);
        memberEvent("b-final", "m-1", TaskEventType.SUCCEEDED);
        memberEvent("b-final", "m-1", TaskEventType.STARTED);
        memberEvent("b-final", "m-1", TaskEventType.DEAD);

        BatchState state = lastState("b-final");
        assertThat(state.getSucceeded()).isEqualTo(1);
        assertThat(state.getDead()).isZero();
    }

    @Test
    void membersEventsThatArriveBeforeTheBatchRecordAreCountedWhenItArrives() {
        memberEvent("b-late", "m-1", TaskEventType.SUCCEEDED);
        memberEvent("b-late", "m-2", TaskEventType.DEAD);
        assertThat(states.isEmpty()).as("no state is published before the batch is known").isTrue();

        publishBatch("b-late", QUEUE, 2);

        assertThat(callbacks.executions()).singleElement()
                .satisfies(e -> assertThat(((BatchSummary) e.payload()).getDeadTaskIds()).containsExactly("m-2"));
    }

    @Test
    void retryingMembersAreCountedUntilTheirRetrySucceeds() {
        publishBatch("b-retry", QUEUE, 1);
        memberEvent("b-retry", "m-1", TaskEventType.STARTED);
        memberEvent("b-retry", "m-1", TaskEventType.RETRYING);
        assertThat(lastState("b-retry").getRetrying()).isEqualTo(1);

        memberEvent("b-retry", "m-1", TaskEventType.STARTED);
        assertThat(lastState("b-retry").getRetrying()).isZero();
        memberEvent("b-retry", "m-1", TaskEventType.SUCCEEDED);

        assertThat(lastState("b-retry").getSucceeded()).isEqualTo(1);
        assertThat(callbacks.executions()).hasSize(1);
    }

    @Test
    void aReplayedDeadMemberThatSucceedsMovesToSucceededWithoutASecondCallback() {
        publishBatch("b-replay", QUEUE, 3);
        runMembers("b-replay", 3);
        assertThat(callbacks.executions()).singleElement()
                .satisfies(e -> assertThat(((BatchSummary) e.payload()).getDead()).isEqualTo(1));

        members.fix();
        pipeTask(member("b-replay", 2));

        BatchState state = lastState("b-replay");
        assertThat(state.getSucceeded()).isEqualTo(3);
        assertThat(state.getDead()).isZero();
        assertThat(state.getCallbackFiredAt()).isEqualTo(START);
        assertThat(callbacks.executions()).hasSize(1);
    }

    @Test
    void batchesWhoseCallbackQueueAnotherWorkerServesAreNotTracked() {
        publishBatch("b-other", "elsewhere", 1);
        memberEvent("b-other", "m-1", TaskEventType.SUCCEEDED);

        assertThat(states.isEmpty()).isTrue();
        assertThat(callbacks.executions()).isEmpty();
    }

    @Test
    void theWorkerRunningAMemberWritesItsEventsKeyedByBatchIdInOrder() {
        pipeTask(member("b-7", 1));
        pipeTask(TaskBuilder.aTask(codec, QUEUE, START, "solo").type("report").build());

        List<TestRecord<byte[], byte[]>> routed = driver.createOutputTopic(SystemTopics.BATCH_EVENTS,
                new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();

        assertThat(routed).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("b-7");
            assertThat(r.headers().lastHeader(TaskHeaders.BATCH_ID).value()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("b-7");
        });
        assertThat(routed).extracting(r -> codec.decode(r.value(), TaskEvent.class))
                .extracting(TaskEvent::getTaskId, TaskEvent::getEvent)
                .containsExactly(tuple("m-1", TaskEventType.STARTED), tuple("m-1", TaskEventType.SUCCEEDED));
    }

    @Test
    void theWorkerDoesNotReadTheLifecycleEventsBack() {
        Topology topology = TaskTopology.build(List.of(new QueueBinding(QueueSpec.of(QUEUE),
                HandlerRegistry.builder().add("report", members).build())), codec, clock, "w1");

        assertThat(topology.describe().subtopologies()).flatExtracting(TopologyDescription.Subtopology::nodes)
                .filteredOn(node -> node instanceof TopologyDescription.Source)
                .flatExtracting(node -> ((TopologyDescription.Source) node).topicSet())
                .doesNotContain(SystemTopics.EVENTS)
                .contains(SystemTopics.BATCH_EVENTS);
    }

    @Test
    void aFinishedBatchIsForgottenAfterTheRetentionWithTombstones() {
        publishBatch("b-old", QUEUE, 1);
        runMembers("b-old", 1);
        states.readRecordsToList();

        clock.advance(Duration.ofDays(8));
        driver.advanceWallClockTime(Duration.ofDays(8));

        List<TestRecord<byte[], byte[]>> tombstones = states.readRecordsToList();
        assertThat(tombstones).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("b-old");
            assertThat(r.value()).isNull();
        });
        assertThat(driver.createOutputTopic(SystemTopics.BATCHES, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList()).extracting(TestRecord::value).containsOnlyNulls();
    }

    @Test
    void theBatchSubTopologiesComeLastSoTheTaskIdsOfEarlierOnesStay() {
        Topology topology = TaskTopology.build(List.of(
                new QueueBinding(QueueSpec.of("zebra"), HandlerRegistry.builder().add("z", members).build()),
                new QueueBinding(QueueSpec.of("alpha"), HandlerRegistry.builder().add("a", members).build())),
                codec, clock, "w1");

        List<TopologyDescription.Subtopology> subtopologies = new ArrayList<>(topology.describe().subtopologies());
        subtopologies.sort(Comparator.comparingInt(TopologyDescription.Subtopology::id));

        assertThat(subtopologies).hasSize(4);
        assertThat(subtopologies.get(2).nodes()).extracting(TopologyDescription.Node::name).contains(ScheduleNodes.SOURCE);
        assertThat(subtopologies.get(3).nodes()).extracting(TopologyDescription.Node::name)
                .contains(BatchNodes.BATCHES_SOURCE, BatchNodes.MEMBER_EVENTS_SOURCE, BatchNodes.TRACKER);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void publishBatch(String batchId, String callbackQueue, int size) {
        Task callback = TaskBuilder.aTask(codec, callbackQueue, START, batchId + "-done").type("reports-done")
                .payloadBytes(codec.encode(BatchSummary.newBuilder().setBatchId(batchId).setSize(size).setSucceeded(0)
                        .setDead(0).build())).build();
        Batch batch = Batch.newBuilder().setBatchId(batchId).setSize(size).setCallbackId(callback.getId())
                .setCallbackQueue(callbackQueue).setCallbackType(callback.getType())
                .setCallback(ByteBuffer.wrap(codec.encode(callback))).setCreatedAt(START).build();
        driver.createInputTopic(SystemTopics.BATCHES, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(batchId.getBytes(StandardCharsets.UTF_8), codec.encode(batch), START));
    }

    private void runMembers(String batchId, int size) {
        IntStream.rangeClosed(1, size).forEach(i -> pipeTask(member(batchId, i)));
    }

    private Task member(String batchId, int i) {
        return TaskBuilder.aTask(codec, QUEUE, START, "m-" + i).type("report").batch(batchId).build();
    }

    private void pipeTask(Task task) {
        driver.createInputTopic(QUEUE, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(null, codec.encode(task), clock.instant()));
    }

    /** An event of a member as the worker running it writes it for the tracker. */
    private void memberEvent(String batchId, String taskId, TaskEventType type) {
        TaskEvent event = TaskEvent.newBuilder().setTaskId(taskId).setQueue(QUEUE).setType("report").setEvent(type)
                .setAttempt(1).setAt(clock.instant()).setBatchId(batchId).build();
        driver.createInputTopic(SystemTopics.BATCH_EVENTS, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(batchId.getBytes(StandardCharsets.UTF_8), codec.encode(event), clock.instant()));
    }

    private BatchState lastState(String batchId) {
        BatchState last = null;
        for (TestRecord<byte[], byte[]> r : states.readRecordsToList()) {
            if (new String(r.key(), StandardCharsets.UTF_8).equals(batchId) && r.value() != null) {
                last = codec.decode(r.value(), BatchState.class);
            }
        }
        assertThat(last).as("a state of " + batchId).isNotNull();
        return last;
    }
}
