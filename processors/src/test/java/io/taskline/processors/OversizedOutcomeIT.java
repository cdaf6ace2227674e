package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.TopicReader;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.Failure;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Outcomes that would not fit in a record (over the producer's {@code max.request.size}) never
 * stop the worker: a huge error message is cut, a failure history that outgrows the record loses
 * its earlier stacks, and a chain step whose result would not fit fails without retries. Without
 * this, Kafka Streams fails the send and the thread, and the task runs again, for ever.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class OversizedOutcomeIT {

    private static final Duration EVENTUALLY = Duration.ofSeconds(60);
    private static final int MAX_REQUEST_SIZE = 200_000;
    /** Two failures with their stacks fit beside it in a record of MAX_REQUEST_SIZE, three do not. */
    private static final int BIG_PAYLOAD_CHARS = 186_000;
    private static final String HUGE = "x".repeat(2_000_000);

    private final WorkerFixture fixture;
    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    OversizedOutcomeIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void outcomesTooLargeForARecordAreCutOrRefusedAndTheWorkerGoesOn() throws Exception {
        String queue = TestQueues.unique("oversized");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        props.put("queue." + queue + ".partitions", "1");
        props.put("kafka.max.request.size", Integer.toString(MAX_REQUEST_SIZE));
        fixture.startWorker(props, queue, Map.of(
                "loud-once", handler((payload, ctx) -> {
                    if (ctx.attempt() == 1) {
                        throw new IllegalStateException(HUGE);
                    }
                }),
                "loud-refusal", handler((payload, ctx) -> {
                    throw new NonRetryableException(HUGE);
                }),
                "always-fails", handler((payload, ctx) -> {
                    throw new IllegalStateException("failed: " + "y".repeat(3_000));
                }),
                "big-result", handler((payload, ctx) -> ctx.result(new byte[MAX_REQUEST_SIZE])),
                "after", handler((payload, ctx) -> { })));

        String loudOnce = publish(queue, "loud-once", "a");
        String loudRefusal = publish(queue, "loud-refusal", "b");
        String alwaysFails = publish(queue, "always-fails", "c".repeat(BIG_PAYLOAD_CHARS));
        List<String> chain = fixture.publisher().chain(List.of(
                TaskRequest.to(queue).type("big-result").payload(message("d")).build(),
                TaskRequest.to(queue).type("after").payload(message("never")).build())).join().stepIds();
        String after = publish(queue, "after", "e");

        await("every task settled").atMost(EVENTUALLY).until(() -> settled(queue).containsAll(
                List.of(loudOnce, loudRefusal, alwaysFails, chain.get(0), after)));
        List<TaskEvent> events = fixture.events(queue);
        assertThat(events).filteredOn(e -> e.getErrorMessage() != null)
                .allSatisfy(e -> assertThat(e.getErrorMessage().length()).isLessThanOrEqualTo(1_003));
        assertThat(outcome(events, loudOnce)).isEqualTo(TaskEventType.SUCCEEDED);
        assertThat(outcome(events, after)).isEqualTo(TaskEventType.SUCCEEDED);
        assertThat(outcome(events, loudRefusal)).isEqualTo(TaskEventType.DEAD);
        assertThat(outcome(events, alwaysFails)).isEqualTo(TaskEventType.DEAD);
        assertThat(outcome(events, chain.get(0))).isEqualTo(TaskEventType.DEAD);
        assertThat(ran).as("the step after the refused result").doesNotContain(chain.get(1));

        Map<String, ConsumerRecord<byte[], byte[]>> dlq = new ConcurrentHashMap<>();
        await("three dead letters").atMost(EVENTUALLY).until(() -> {
            TopicReader.readAll(fixture.bootstrap(), QueueSpec.of(queue).topics().dlq())
                    .forEach(r -> dlq.put(WorkerFixture.header(r, TaskHeaders.TASK_ID), r));
            return dlq.size() == 3;
        });
        assertThat(WorkerFixture.header(dlq.get(loudRefusal), TaskHeaders.DLQ_REASON).length()).isLessThan(1_100);
        Task refusedStep = fixture.decodeTask(dlq.get(chain.get(0)).value());
        assertThat(refusedStep.getFailures()).singleElement().satisfies(f -> assertThat(f.getMessage())
                .startsWith("the next step of the chain would be ").contains("kafka.max.request.size"));
        List<Failure> history = fixture.decodeTask(dlq.get(alwaysFails).value()).getFailures();
        assertThat(history).extracting(Failure::getAttempt).containsExactly(1, 2, 3);
        assertThat(history.get(0).getStack()).as("the first failure's stack").isEqualTo("[stack dropped: the record was too large]");
        assertThat(history.get(2).getStack()).as("the latest failure's stack").contains("IllegalStateException");
    }

    private Set<String> settled(String queue) {
        Set<String> out = ConcurrentHashMap.newKeySet();
        fixture.events(queue).stream().filter(e -> e.getEvent() == TaskEventType.SUCCEEDED || e.getEvent() == TaskEventType.DEAD)
                .forEach(e -> out.add(e.getTaskId()));
        return out;
    }

    private static TaskEventType outcome(List<TaskEvent> events, String id) {
        return events.stream().filter(e -> e.getTaskId().equals(id))
                .filter(e -> e.getEvent() == TaskEventType.SUCCEEDED || e.getEvent() == TaskEventType.DEAD)
                .map(TaskEvent::getEvent).reduce((a, b) -> {
                    throw new AssertionError("task " + id + " settled twice: " + a + ", " + b);
                }).orElse(null);
    }

    private String publish(String queue, String type, String text) {
        return fixture.publisher().publish(TaskRequest.to(queue).type(type).payload(message(text)).build()).join().id();
    }

    private static Message message(String text) {
        return Message.newBuilder().setMessage(text).build();
    }

    /** What a test handler does with its payload. */
    private interface Body {
        void run(Message payload, TaskContext ctx) throws Exception;
    }

    private TaskHandler<Message> handler(Body body) {
        return new TaskHandler<>() {
            @Override
            public Class<Message> payloadType() {
                return Message.class;
            }

            @Override
            public void handle(Message payload, TaskContext ctx) throws Exception {
                ran.add(ctx.taskId());
                body.run(payload, ctx);
            }
        };
    }
}
