package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tasks that take longer than Kafka's own timeouts still run once. */
@ExtendWith(EmbeddedKafkaExtension.class)
class LongTaskIT {

    /**
     * Longer than the exactly-once transaction timeout Kafka Streams uses by default (10 s) plus
     * the broker's check interval for timed-out transactions (10 s), so the broker is sure to
     * have aborted a transaction held open for the whole task.
     */
    private static final Duration TASK_TAKES = Duration.ofSeconds(25);

    private final WorkerFixture fixture;

    LongTaskIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void aTaskLongerThanTheTransactionTimeoutRunsOnceAndSucceeds() throws Exception {
        String queue = TestQueues.unique("longtask");
        List<String> runs = new CopyOnWriteArrayList<>();
        TaskHandler<Message> slow = new TaskHandler<>() {
            @Override
            public Class<Message> payloadType() {
                return Message.class;
            }

            @Override
            public void handle(Message payload, TaskContext ctx) throws InterruptedException {
                runs.add(ctx.taskId());
                // The work itself: a job that takes TASK_TAKES (no one counts this latch down).
                new CountDownLatch(1).await(TASK_TAKES.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
        fixture.startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3), queue, Map.of("slow", slow));

        String id = fixture.publisher().publish(TaskRequest.to(queue).type("slow")
                .payload(Message.newBuilder().setMessage("a long job").build()).build()).join().id();

        await().atMost(TASK_TAKES.multipliedBy(3)).pollInterval(Duration.ofSeconds(1)).until(() -> runs.size() > 1
                || fixture.events(queue).stream().anyMatch(e -> e.getEvent() == TaskEventType.SUCCEEDED));
        assertThat(runs).as("executions of the one long task").containsExactly(id);
        assertThat(fixture.events(queue)).filteredOn(e -> e.getEvent() == TaskEventType.SUCCEEDED).hasSize(1);
    }
}
