package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.BatchStatus;
import io.taskline.producer.BatchStatusReader;
import io.taskline.producer.PublishedBatch;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.BatchSummary;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.examples.Message;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batches against a real broker: a worker replaced mid-batch neither loses nor repeats the callback. */
@ExtendWith(EmbeddedKafkaExtension.class)
class BatchIT {

    private static final int NOW = 150;
    private static final int LATER = 150;
    /** Long enough that the delayed half is still parked when the first worker closes. */
    private static final Duration DELAY = Duration.ofSeconds(8);
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private final WorkerFixture fixture;

    BatchIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void aWorkerReplacedOnFreshStateMidBatchNeitherLosesNorRepeatsTheCallback() throws Exception {
        String queue = TestQueues.unique("batch-restart");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2);
        Set<String> doomed = Set.of("m-3", "m-77", "m-151", "m-299");
        RecordingHandler<Message> members = aHandler(Message.class).named("report").refusing(doomed);
        RecordingHandler<BatchSummary> callbacks = aHandler(BatchSummary.class).named("done");
        Map<String, io.taskline.processors.TaskHandler<?>> handlers = Map.of("report", members, "done", callbacks);
        Worker first = fixture.startWorker(props, queue, handlers);
        TaskPublisher publisher = fixture.publisher();

        List<TaskRequest> tasks = new ArrayList<>();
        IntStream.range(0, NOW + LATER).forEach(i -> {
            TaskRequest.Builder task = TaskRequest.to(queue).type("report").id("m-" + i)
                    .payload(Message.newBuilder().setMessage("report " + i).build());
            tasks.add((i < NOW ? task : task.delay(DELAY)).build());
        });
        PublishedBatch batch = publisher.batch(tasks, TaskRequest.to(queue).type("done")).join();
        await().atMost(EVENTUALLY).until(() -> members.executions().size() >= NOW - 2);
        BatchStatus midway = status(batch.batchId());
        fixture.closeNow(first);

        Map<String, Object> newMachine = new HashMap<>(props);
        newMachine.put("state.dir", Files.createTempDirectory("taskline-state-new").toString());
        fixture.startWorker(newMachine, queue, handlers);

        await().atMost(EVENTUALLY).until(() -> callbacks.executions().size() >= 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> callbacks.executions().size() == 1);
        assertThat(midway.callbackFired()).isFalse();
        assertThat(midway.pending()).as("the delayed half had not run when the worker closed").isGreaterThanOrEqualTo(LATER);
        BatchSummary summary = (BatchSummary) callbacks.executions().get(0).payload();
        assertThat(summary.getSize()).isEqualTo(NOW + LATER);
        assertThat(summary.getSucceeded()).isEqualTo(NOW + LATER - doomed.size());
        assertThat(summary.getDead()).isEqualTo(doomed.size());
        assertThat(summary.getDeadTaskIds()).containsExactlyInAnyOrderElementsOf(doomed);
        assertThat(callbacks.executions().get(0).taskId()).isEqualTo(batch.callbackId());
        List<String> ran = members.executions().stream().map(Execution::taskId).toList();
        assertThat(ran).as("every member ran once").doesNotHaveDuplicates().hasSize(NOW + LATER);
        BatchStatus done = status(batch.batchId());
        assertThat(done.callbackFired()).isTrue();
        assertThat(List.of(done.succeeded(), done.retrying(), done.dead(), done.pending()))
                .containsExactly(NOW + LATER - doomed.size(), 0, doomed.size(), 0);
    }

    private BatchStatus status(String batchId) {
        try (BatchStatusReader reader = BatchStatusReader.create(KafkaClientSettings.of(fixture.bootstrap()))) {
            return await().atMost(EVENTUALLY).until(() -> reader.status(batchId).orElse(null), s -> s != null);
        }
    }
}
