package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.retry.QueueTopics;
import io.taskline.retry.RetryRelay;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tier whose delay is longer than the relay consumer's {@code max.poll.interval.ms}: the relay
 * waits by pausing the partition and keeps polling, so it neither rebalances nor forwards early.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class LongTierIT {

    private static final Duration TIER = Duration.ofSeconds(8);
    private static final int MAX_POLL_INTERVAL_MS = 3000;
    /** The broker's default group.min.session.timeout.ms; a smaller session timeout is refused. */
    private static final int SESSION_TIMEOUT_MS = 6000;

    private final WorkerFixture fixture;

    LongTierIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void aTierLongerThanMaxPollIntervalDeliversTheRetryOnTimeWithoutARebalance() throws Exception {
        String queue = TestQueues.unique("longtier");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "8s", 2);
        props.put("kafka.max.poll.interval.ms", Integer.toString(MAX_POLL_INTERVAL_MS));
        props.put("kafka.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        props.put("kafka.heartbeat.interval.ms", "1000");
        RecordingHandler<Message> flaky = aHandler(Message.class).failingTimes(1);
        Worker worker = fixture.startWorker(props, queue, Map.of("flaky", flaky));
        RetryRelay relay = worker.relays().get(0);
        assertThat(relay.maxAssignmentCount()).isEqualTo(1);

        String id = fixture.publisher().publish(TaskRequest.to(queue).type("flaky")
                .payload(Message.newBuilder().setMessage("later").build()).build()).join().id();

        await().atMost(Duration.ofSeconds(60)).until(() -> flaky.executionsOf(id).size() >= 2);
        List<Execution> runs = flaky.executionsOf(id);
        assertThat(runs).extracting(Execution::attempt).containsExactly(1, 2);
        Duration waited = Duration.between(runs.get(0).startedAt(), runs.get(1).startedAt());
        assertThat(waited).as("attempt 2 after the 8 s tier").isGreaterThanOrEqualTo(TIER)
                .isLessThan(TIER.plusSeconds(7));
        assertThat(relay.maxAssignmentCount()).as("the relay consumer group never rebalanced").isEqualTo(1);
        assertThat(relay.isRunning()).isTrue();
        assertThat(relay.isAssigned()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.events(queue).stream()
                .anyMatch(e -> e.getTaskId().equals(id) && e.getEvent() == TaskEventType.SUCCEEDED && e.getAttempt() == 2));
        assertThat(fixture.endOffsets(QueueTopics.of(queue).dlq())).isZero();
    }
}
