package io.taskline.processors.internal;

import static io.taskline.processors.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.processors.HandlerRegistry;
import io.taskline.processors.Ordering;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code ordering=key}, tasks parked behind a retrying task survive a restart of the
 * partition in their place: tasks of the key that arrive after the restart are parked behind
 * them, and all run in arrival order once the retry succeeds.
 */
class KeyParkingRestartTest {

    private static final String QUEUE = "parking";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final NodeNames names = new NodeNames(QUEUE);
    private final TaskPool pool = TaskPool.threads(QUEUE, 4);
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final MockProcessorContext<byte[], byte[]> context = context();
    private final List<KeyValueStore<?, ?>> stores = List.of(
            store(names.completedStore(), Serdes.String(), Serdes.Long()),
            store(names.inFlightStore(), Serdes.Long(), Serdes.ByteArray()),
            store(names.blockersStore(), Serdes.String(), Serdes.String()),
            store(names.keyParkedStore(), Serdes.Bytes(), Serdes.ByteArray()));
    private TaskProcessor processor;

    @AfterEach
    void close() {
        processor.close();
        pool.close();
    }

    @Test
    void tasksParkedBeforeARestartKeepTheirPlaceBeforeTasksParkedAfterIt() {
        processor = started();
        processor.process(record(task("a-first", 1)));
        Record<byte[], byte[]> retry = awaitForwardedRetry();
        processor.process(record(task("b-parked-before", 1)));

        // The worker restarts: a new instance on the same stores, nothing in flight.
        processor.close();
        context.resetForwards();
        processor = started();
        processor.process(record(task("c-parked-after", 1)));
        processor.process(record(task("d-parked-after", 1)));
        processor.process(retry);

        await("every task of the key ran").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            tick();
            assertThat(runs).containsExactly("a-first", "a-first", "b-parked-before", "c-parked-after", "d-parked-after");
        });
    }

    @Test
    void aKeyWhoseBlockingRetryWasLostIsReleasedByPublishingTheBlockingTaskAgain() {
        processor = started();
        processor.process(record(task("a-first", 1)));
        awaitForwardedRetry(); // and lost: the tier record never comes back
        processor.process(record(task("b-parked", 1)));

        // An operator publishes a-first again: the same id and key, a first attempt.
        Task again = aTask(codec, QUEUE, NOW, "a-first").type("work").key("one-key").attempt(1).message("again").build();
        processor.process(record(again));

        await("the key released").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            tick();
            assertThat(runs).containsExactly("a-first", "a-first", "b-parked");
        });
    }

    /** Runs the tick of the processor started last (a closed one's stays in the mock's list). */
    private void tick() {
        context.scheduledPunctuators().stream().filter(p -> p.getInterval().equals(TaskProcessor.TICK))
                .reduce((first, second) -> second).orElseThrow().getPunctuator().punctuate(NOW.toEpochMilli());
    }

    private TaskProcessor started() {
        HandlerRegistry handlers = HandlerRegistry.builder().add("work", new FirstAttemptOfAFails()).build();
        TaskProcessor started = new TaskProcessor(QueueSpec.of(QUEUE), QueueExecution.defaults().withOrdering(Ordering.KEY),
                handlers, codec, pool, RateLimits.from(Map.of()), Clock.systemUTC(), "w1", Duration.ofHours(24),
                TaskMetrics.NONE);
        started.init(context);
        return started;
    }

    /** The retry of a-first the task step forwarded to its first tier, as the relay would bring it back. */
    private Record<byte[], byte[]> awaitForwardedRetry() {
        String tier = names.tierSink(QueueSpec.of(QUEUE).tiers().get(0));
        List<Record<byte[], byte[]>> sent = new CopyOnWriteArrayList<>();
        await("a-first sent to a tier").atMost(Duration.ofSeconds(10)).until(() -> {
            tick();
            for (MockProcessorContext.CapturedForward<? extends byte[], ? extends byte[]> f : context.forwarded()) {
                if (tier.equals(f.childName().orElse(""))) {
                    sent.add(new Record<>(f.record().key(), f.record().value(), f.record().timestamp(), f.record().headers()));
                }
            }
            return !sent.isEmpty();
        });
        return sent.get(0);
    }

    private Task task(String id, int attempt) {
        return aTask(codec, QUEUE, NOW, id).type("work").key("one-key").attempt(attempt).message(id).build();
    }

    private Record<byte[], byte[]> record(Task task) {
        return new Record<>(task.getKey().getBytes(), codec.encode(task), NOW.toEpochMilli());
    }

    private MockProcessorContext<byte[], byte[]> context() {
        Properties props = new Properties();
        props.put("processing.exception.handler.global.enabled", true);
        return new MockProcessorContext<>(props);
    }

    private <K, V> KeyValueStore<K, V> store(String name, org.apache.kafka.common.serialization.Serde<K> keys,
                                             org.apache.kafka.common.serialization.Serde<V> values) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** Records each run; the first attempt of the task whose message is "a-first" fails, so its key waits for its retry. */
    private final class FirstAttemptOfAFails implements TaskHandler<Message> {
        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) {
            runs.add(ctx.taskId());
            if (payload.getMessage().equals("a-first") && ctx.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }
    }
}
