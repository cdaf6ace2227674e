package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.TopicReader;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Flaky;
import io.taskline.schemas.examples.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class WorkerIT {

    private final EmbeddedKafkaBroker broker;
    private final List<AutoCloseable> open = new ArrayList<>();

    WorkerIT(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private TaskPublisher publisher() {
        return track(TaskPublisher.create(new TaskPublisherConfig(Map.of("bootstrap.servers", broker.bootstrapServers()))));
    }

    private Worker startWorker(Map<String, Object> props, String queue, Map<String, TaskHandler<?>> handlers)
            throws InterruptedException {
        Worker.Builder builder = Worker.builder(new WorkerConfig(props));
        handlers.forEach((type, h) -> builder.handler(queue, type, h));
        Worker worker = track(builder.build().start());
        worker.awaitRunning(Duration.ofSeconds(60));
        return worker;
    }

    private static Message message(String text) {
        return Message.newBuilder().setMessage(text).build();
    }

    @Test
    void runsEachOfAThousandTasksOnceByTheRightHandlerInKeyOrder() throws Exception {
        String queue = TestQueues.unique("thousand");
        List<Execution> all = new CopyOnWriteArrayList<>();
        RecordingHandler<Message> echo = aHandler(Message.class, all).named("echo");
        RecordingHandler<Flaky> other = aHandler(Flaky.class, all).named("count");
        startWorker(TestQueues.workerProps(broker.bootstrapServers(), queue, "1s", 2), queue,
                Map.of("echo", echo, "count", other));
        TaskPublisher publisher = publisher();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String key = "k-" + (i % 50);
            TaskRequest.Builder r = TaskRequest.to(queue).key(key).id("t-" + i);
            requests.add(i % 2 == 0 ? r.type("echo").payload(message(Integer.toString(i))).build()
                    : r.type("count").payload(Flaky.newBuilder().setFailTimes(i).build()).build());
        }
        publisher.publishAll(requests).forEach(f -> f.join());

        await().atMost(Duration.ofSeconds(90)).until(() -> all.size() >= 1000);

        assertThat(all).hasSize(1000);
        assertThat(all.stream().map(Execution::taskId).distinct().count()).isEqualTo(1000);
        for (Execution e : all) {
            int n = Integer.parseInt(e.taskId().substring(2));
            assertThat(e.type()).isEqualTo(n % 2 == 0 ? "echo" : "count");
        }
        Map<String, List<Integer>> byKey = all.stream().collect(Collectors.groupingBy(Execution::key,
                Collectors.mapping(e -> Integer.parseInt(e.taskId().substring(2)), Collectors.toList())));
        assertThat(byKey).hasSize(50);
        byKey.values().forEach(order -> assertThat(order).isSorted());
    }

    @Test
    void retriesAFlakyTaskThroughTwoTiersNeverEarly() throws Exception {
        String queue = TestQueues.unique("flaky");
        RecordingHandler<Message> flaky = aHandler(Message.class).failingTimes(2);
        startWorker(TestQueues.workerProps(broker.bootstrapServers(), queue, "1s,2s", 3), queue, Map.of("flaky", flaky));

        String id = publisher().publish(TaskRequest.to(queue).type("flaky").payload(message("x")).build()).join().id();

        await().atMost(Duration.ofSeconds(60)).until(() -> flaky.executionsOf(id).size() == 3);
        List<Execution> runs = flaky.executionsOf(id);
        assertThat(runs).extracting(Execution::attempt).containsExactly(1, 2, 3);
        assertThat(Duration.between(runs.get(0).startedAt(), runs.get(1).startedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(runs.get(1).startedAt(), runs.get(2).startedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void deadLettersAfterMaxAttemptsWithEveryFailure() throws Exception {
        String queue = TestQueues.unique("dead");
        RecordingHandler<Message> failing = aHandler(Message.class).alwaysFailing();
        startWorker(TestQueues.workerProps(broker.bootstrapServers(), queue, "1s", 3), queue, Map.of("fail", failing));

        String id = publisher().publish(TaskRequest.to(queue).type("fail").payload(message("x")).build()).join().id();

        List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(queue, 1);
        Task task = decode(dead.get(0).value());
        assertThat(task.getId()).isEqualTo(id);
        assertThat(task.getFailures()).hasSize(3);
        assertThat(task.getFailures()).extracting(f -> f.getAttempt()).containsExactly(1, 2, 3);
        task.getFailures().forEach(f -> {
            assertThat(f.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
            assertThat(f.getMessage()).startsWith("failure ");
            assertThat(f.getAt()).isNotNull();
        });
        assertThat(failing.executionsOf(id)).hasSize(3);
        assertThat(header(dead.get(0), TaskHeaders.DLQ_REASON)).contains("3 of 3");
    }

    @Test
    void nonRetryableFailureIsADeadLetterAfterTheFirstAttempt() throws Exception {
        String queue = TestQueues.unique("nonretry");
        RecordingHandler<Message> refusing = aHandler(Message.class).nonRetryable();
        startWorker(TestQueues.workerProps(broker.bootstrapServers(), queue, "1s", 5), queue, Map.of("refuse", refusing));

        String id = publisher().publish(TaskRequest.to(queue).type("refuse").payload(message("x")).build()).join().id();

        Task task = decode(awaitDeadLetters(queue, 1).get(0).value());
        assertThat(task.getId()).isEqualTo(id);
        assertThat(task.getFailures()).hasSize(1);
        assertThat(refusing.executionsOf(id)).hasSize(1);
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(String queue, int count) {
        String dlq = QueueTopics.of(queue).dlq();
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> TopicReader.readAll(broker.bootstrapServers(), dlq), records -> records.size() >= count);
    }

    private Task decode(byte[] bytes) {
        // The DLQ holds single-object encoded tasks whose schemas live in taskline.schemas.
        try (var registry = io.taskline.schemas.KafkaSchemaRegistry.connect(
                io.taskline.schemas.KafkaClientSettings.of(broker.bootstrapServers()))) {
            return new SingleObjectCodec(registry).decode(bytes, Task.class);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
