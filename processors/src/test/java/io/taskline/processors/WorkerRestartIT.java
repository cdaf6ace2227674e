package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker closed mid-backlog and replaced by a new one loses no task and runs none twice: the
 * task in hand finishes, and offsets, the completed-task store and events commit together.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class WorkerRestartIT {

    private static final int TASKS = 300;
    private static final int KEYS = 20;
    /** The first worker's handler holds its 60th task until the worker is closing. */
    private static final int HOLD_AT = 60;

    private final WorkerFixture fixture;

    WorkerRestartIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void aWorkerRestartedOnTheSameStateLosesNoTaskAndRunsNoneTwice() throws Exception {
        String queue = TestQueues.unique("restart");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);

        RestartRun run = restartMidBacklog(queue, props, props);

        run.assertNoTaskLostNoneRunTwiceAndKeysInOrder();
    }

    @Test
    void aWorkerReplacedOnANewMachineWithFreshStateLosesNoTaskAndRunsNoneTwice() throws Exception {
        String queue = TestQueues.unique("newmachine");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        Map<String, Object> newMachine = new HashMap<>(props);
        newMachine.put("state.dir", Files.createTempDirectory("taskline-state-new").toString());

        RestartRun run = restartMidBacklog(queue, props, newMachine);

        run.assertNoTaskLostNoneRunTwiceAndKeysInOrder();
    }

    /**
     * Publishes the backlog, runs a first worker until its handler holds a task, closes that worker
     * while the task is in hand, then lets a second worker finish the queue.
     */
    private RestartRun restartMidBacklog(String queue, Map<String, Object> first, Map<String, Object> second)
            throws Exception {
        // Kafka Streams does not leave its group on close, so the second worker's first rebalance
        // waits for the first one's session to expire: 45 s by default, 10 s here.
        for (Map<String, Object> props : List.of(first, second)) {
            props.put("kafka.session.timeout.ms", "10000");
        }
        // A stream thread asked to stop still works through the records its last poll returned
        // (up to max.poll.records, 1000 by default: the whole backlog here) before it stops; small
        // polls make the first worker stop mid-backlog, which is what this test is about.
        first.put("kafka.max.poll.records", "20");
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(KafkaClientSettings.of(fixture.bootstrap()))) {
            admin.ensure(new WorkerConfig(first).queueSpec(queue), OptionalInt.of(3));
        }
        TaskPublisher publisher = fixture.publisher();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            requests.add(TaskRequest.to(queue).type("work").key("k-" + (i % KEYS)).id("t-" + i)
                    .payload(Message.newBuilder().setMessage(Integer.toString(i)).build()).build());
        }
        publisher.publishAll(requests).forEach(CompletableFuture::join);

        List<Execution> runs = new CopyOnWriteArrayList<>();
        HoldingHandler firstHandler = new HoldingHandler(runs, HOLD_AT);
        // Not startWorker: a handler holding the stream thread can keep Streams from reporting RUNNING.
        Worker firstWorker = fixture.start(first, queue, Map.of("work", firstHandler));
        assertThat(firstHandler.held.await(90, TimeUnit.SECONDS)).as("first worker reached task " + HOLD_AT).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                fixture.closeNow(firstWorker);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(firstWorker::isStopping);
        firstHandler.release.countDown();
        closing.get(90, TimeUnit.SECONDS);
        assertThat(firstWorker.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        int ranByFirst = runs.size();
        assertThat(ranByFirst).as("the first worker stopped mid-backlog").isBetween(HOLD_AT, TASKS - 1);

        fixture.startWorker(second, queue, Map.of("work", new HoldingHandler(runs, Integer.MAX_VALUE)));
        await().atMost(Duration.ofSeconds(120)).until(() -> distinctIds(runs) == TASKS);
        List<TaskEvent> succeeded = await().atMost(Duration.ofSeconds(60))
                .until(() -> succeededEvents(queue), events -> events.size() >= TASKS);
        return new RestartRun(List.copyOf(runs), ranByFirst, succeeded);
    }

    private List<TaskEvent> succeededEvents(String queue) {
        return fixture.events(queue).stream().filter(e -> e.getEvent() == TaskEventType.SUCCEEDED).toList();
    }

    private static long distinctIds(List<Execution> runs) {
        return runs.stream().map(Execution::taskId).distinct().count();
    }

    /** What the two workers did. */
    private record RestartRun(List<Execution> runs, int ranByFirst, List<TaskEvent> succeeded) {

        void assertNoTaskLostNoneRunTwiceAndKeysInOrder() {
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < TASKS; i++) {
                expected.add("t-" + i);
            }
            assertThat(runs.stream().map(Execution::taskId).collect(Collectors.toSet()))
                    .as("every task ran (first worker ran %d)", ranByFirst).isEqualTo(expected);
            assertThat(duplicates(runs.stream().map(Execution::taskId).toList()))
                    .as("handler executions run twice across the restart").isEmpty();
            assertThat(duplicates(succeeded.stream().map(TaskEvent::getTaskId).toList()))
                    .as("succeeded events written twice").isEmpty();
            assertThat(succeeded).hasSize(TASKS);
            Map<String, List<Integer>> byKey = runs.stream().collect(Collectors.groupingBy(Execution::key,
                    Collectors.mapping(e -> Integer.parseInt(e.taskId().substring(2)), Collectors.toList())));
            assertThat(byKey).hasSize(KEYS);
            byKey.forEach((key, order) -> assertThat(order).as("order of key %s", key).isSorted());
        }

        private static Map<String, Long> duplicates(List<String> ids) {
            return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                    .entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    /**
     * Records each execution; the {@code holdAt}-th waits until released, like a task in hand. The
     * test releases it within moments: held past the exactly-once transaction timeout (10 s), the
     * transaction would be aborted and the tasks since the last commit run again.
     */
    private static final class HoldingHandler implements TaskHandler<Message> {
        private final List<Execution> runs;
        private final int holdAt;
        private final AtomicInteger count = new AtomicInteger();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        HoldingHandler(List<Execution> runs, int holdAt) {
            this.runs = runs;
            this.holdAt = holdAt;
        }

        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) throws InterruptedException {
            runs.add(new Execution(ctx.taskId(), "work", ctx.key(), ctx.attempt(), Clock.systemUTC().instant(), payload));
            if (count.incrementAndGet() == holdAt) {
                held.countDown();
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
        }
    }
}
