package io.taskline.processors.internal;

import static io.taskline.processors.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.processors.HandlerRegistry;
import io.taskline.processors.QueueExecution;
import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.examples.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a task it closed dirty (a commit that failed while Kafka was away) by
 * closing and initialising the same processor instance again. The tasks in flight then, whether
 * running or waiting for a slot, run again: none is taken for still in flight and dropped.
 */
class TaskProcessorReviveTest {

    private static final String QUEUE = "revive";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final NodeNames names = new NodeNames(QUEUE);
    private final TaskPool pool = TaskPool.threads(QUEUE, 1);
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstRunBlocks = new CountDownLatch(1);
    private MockProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> completed;
    private KeyValueStore<Long, byte[]> inFlight;
    private TaskProcessor processor;

    @AfterEach
    void close() {
        firstRunBlocks.countDown();
        processor.close();
        pool.close();
    }

    @Test
    void theTasksInFlightWhenTheTaskWasClosedDirtyRunAgainOnceItIsRevived() {
        start();
        Task running = task("running");
        Task waiting = task("waiting");
        processor.process(record(running));
        processor.process(record(waiting));
        await("the first task running, the second waiting for the only slot").atMost(Duration.ofSeconds(10))
                .until(() -> runs.equals(List.of("running")));
        assertThat(storedIds()).containsExactlyInAnyOrder("running", "waiting");

        // Closed dirty: the stores keep what their changelog had; the same instance is initialised again.
        processor.close();
        processor.init(context);
        // Streams reads again what followed the last committed offset: here, both records.
        processor.process(record(running));
        processor.process(record(waiting));

        await("both tasks completed").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(NOW.toEpochMilli());
            assertThat(completed.get("running")).as("running completed").isNotNull();
            assertThat(completed.get("waiting")).as("waiting completed").isNotNull();
        });
        assertThat(runs).as("handler runs").containsExactly("running", "running", "waiting");
        assertThat(storedIds()).as("left in flight").isEmpty();
    }

    private void start() {
        Properties props = new Properties();
        props.put("processing.exception.handler.global.enabled", true);
        context = new MockProcessorContext<>(props);
        completed = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(names.completedStore()),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        inFlight = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(names.inFlightStore()),
                Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
        completed.init(context.getStateStoreContext(), completed);
        inFlight.init(context.getStateStoreContext(), inFlight);
        context.addStateStore(completed);
        context.addStateStore(inFlight);
        HandlerRegistry handlers = HandlerRegistry.builder().add("work", new FirstRunBlocks()).build();
        processor = new TaskProcessor(QueueSpec.of(QUEUE), QueueExecution.defaults(), handlers, codec, pool,
                RateLimits.from(Map.of()), Clock.systemUTC(), "w1", Duration.ofHours(24), TaskMetrics.NONE);
        processor.init(context);
    }

    private Task task(String id) {
        return aTask(codec, QUEUE, NOW, id).type("work").key("k-" + id).message(id).build();
    }

    private Record<byte[], byte[]> record(Task task) {
        return new Record<>(task.getKey().getBytes(), codec.encode(task), NOW.toEpochMilli());
    }

    private List<String> storedIds() {
        List<String> ids = new ArrayList<>();
        try (var all = inFlight.all()) {
            all.forEachRemaining(entry -> ids.add(codec.decode(ParkedTasks.decode(entry.value).value(), Task.class).getId()));
        }
        return ids;
    }

    /** Records each run; the very first blocks until the test ends, like a task in hand when the task is closed. */
    private final class FirstRunBlocks implements TaskHandler<Message> {
        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) throws InterruptedException {
            runs.add(ctx.taskId());
            if (runs.size() == 1) {
                firstRunBlocks.await();
            }
        }
    }
}
