package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code ordering=key}: a retrying task holds back the later tasks of its key, and only those. */
@ExtendWith(EmbeddedKafkaExtension.class)
class OrderingIT {

    private final WorkerFixture fixture;

    OrderingIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private Map<String, Object> props(String queue, int maxAttempts) {
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", maxAttempts);
        props.put("queue." + queue + ".partitions", "1");
        props.put("queue." + queue + ".ordering", "key");
        return props;
    }

    private static TaskRequest task(String queue, String type, String key, String id) {
        return TaskRequest.to(queue).type(type).key(key).id(id).payload(Message.newBuilder().setMessage(id).build()).build();
    }

    private long succeeded(String queue) {
        return fixture.events(queue).stream().filter(e -> e.getEvent() == TaskEventType.SUCCEEDED).count();
    }

    @Test
    void laterTasksOfAKeyWaitForItsRetryAndRunInOrderWhileOtherKeysFlow() throws Exception {
        String queue = TestQueues.unique("ordered");
        List<Execution> all = new CopyOnWriteArrayList<>();
        RecordingHandler<Message> flaky = aHandler(Message.class, all).named("flaky").failingTimes(1);
        RecordingHandler<Message> ok = aHandler(Message.class, all).named("ok");
        fixture.startWorker(props(queue, 3), queue, Map.of("flaky", flaky, "ok", ok));
        TaskPublisher publisher = fixture.publisher();

        publisher.publish(task(queue, "flaky", "k", "k1")).join();
        publisher.publish(task(queue, "ok", "k", "k2")).join();
        publisher.publish(task(queue, "ok", "other", "o1")).join();
        publisher.publish(task(queue, "ok", "k", "k3")).join();
        publisher.publish(task(queue, "ok", "other", "o2")).join();

        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(queue) >= 5);

        List<String> keyK = all.stream().filter(e -> "k".equals(e.key())).map(e -> e.taskId() + "#" + e.attempt()).toList();
        assertThat(keyK).containsExactly("k1#1", "k1#2", "k2#1", "k3#1");
        Execution retry = all.stream().filter(e -> e.taskId().equals("k1") && e.attempt() == 2).findFirst().orElseThrow();
        all.stream().filter(e -> "other".equals(e.key())).forEach(o ->
                assertThat(o.startedAt()).as("%s of another key does not wait for k1's retry", o.taskId())
                        .isBefore(retry.startedAt()));
        assertThat(Duration.between(all.get(0).startedAt(), retry.startedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDeadTaskReleasesItsKeyAndAParkedTaskThatFailsHoldsTheRestAgain() throws Exception {
        String queue = TestQueues.unique("ordered-dead");
        List<Execution> all = new CopyOnWriteArrayList<>();
        RecordingHandler<Message> dies = aHandler(Message.class, all).named("dies").alwaysFailing();
        RecordingHandler<Message> flaky = aHandler(Message.class, all).named("flaky").failingTimes(1);
        RecordingHandler<Message> ok = aHandler(Message.class, all).named("ok");
        fixture.startWorker(props(queue, 2), queue, Map.of("dies", dies, "flaky", flaky, "ok", ok));
        TaskPublisher publisher = fixture.publisher();

        publisher.publish(task(queue, "dies", "k", "k1")).join();
        publisher.publish(task(queue, "flaky", "k", "k2")).join();
        publisher.publish(task(queue, "ok", "k", "k3")).join();

        await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(queue) >= 2);

        assertThat(all).extracting(e -> e.taskId() + "#" + e.attempt())
                .containsExactly("k1#1", "k1#2", "k2#1", "k2#2", "k3#1");
        assertThat(fixture.events(queue)).filteredOn(e -> e.getEvent() == TaskEventType.DEAD)
                .extracting(e -> e.getTaskId()).containsExactly("k1");
        assertThat(Set.copyOf(all.stream().map(Execution::taskId).toList())).containsExactlyInAnyOrder("k1", "k2", "k3");
    }
}
