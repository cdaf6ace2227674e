package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.processors.testing.TaskBuilder;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's pool slots between the partitions of a worker: a slot is taken while a handler runs,
 * not until its partition's stream thread routes the outcome, and draining still waits for every
 * outcome to be routed.
 */
class TaskDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SingleObjectCodec CODEC = new SingleObjectCodec(new InMemorySchemaRegistry());

    private final TaskPool pool = TaskPool.threads("slots", 1);
    private final Steps firstSteps = new Steps();
    private final Steps secondSteps = new Steps();
    private final TaskDispatcher first = dispatcher(firstSteps);
    private final TaskDispatcher second = dispatcher(secondSteps);

    @AfterEach
    void close() {
        first.close();
        second.close();
        pool.close();
    }

    @Test
    void aFinishedHandlersSlotServesAnotherPartitionBeforeItsOutcomeIsRouted() {
        CountDownLatch release = new CountDownLatch(1);
        first.admit(task(1, "first-1", blocking(release)));
        first.drain();
        second.admit(task(1, "second-1", blocking(new CountDownLatch(0))));
        second.drain();
        assertThat(secondSteps.started).as("the only slot is held by a running handler").isEmpty();

        release.countDown();

        await().atMost(WAIT).until(() -> {
            second.drain();
            return secondSteps.started.contains("second-1");
        });
        assertThat(firstSteps.finished).as("the first partition has not routed its outcome yet").isEmpty();
        assertThat(first.running()).as("routed on its own stream thread only").isEqualTo(1);
    }

    @Test
    void anErrorThrownByAHandlerIsAFailedAttemptAtOnceNotATimeout() {
        first.admit(task(1, "overflow", handler(() -> {
            throw new StackOverflowError("deep recursion");
        })));

        await().atMost(WAIT).until(() -> {
            first.drain();
            return firstSteps.outcomes.containsKey("overflow");
        });
        assertThat(firstSteps.outcomes.get("overflow")).isInstanceOfSatisfying(Outcome.Failed.class,
                failed -> assertThat(failed.error()).isInstanceOf(StackOverflowError.class).hasMessage("deep recursion"));
        assertThat(first.running()).isZero();
    }

    @Test
    void aRunningHandlerKeepsItsSlot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        first.admit(task(1, "first-1", blocking(release)));
        first.admit(task(2, "first-2", blocking(new CountDownLatch(0))));
        first.drain();
        second.admit(task(1, "second-1", blocking(new CountDownLatch(0))));
        second.drain();
        first.drain();

        assertThat(firstSteps.started).containsExactly("first-1");
        assertThat(secondSteps.started).isEmpty();
        release.countDown();
    }

    @Test
    void drainingWaitsUntilOutcomesAreRoutedNotOnlyUntilHandlersEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        first.admit(task(1, "first-1", blocking(release)));
        first.drain();
        release.countDown();
        await("the handler ended and gave its slot back").atMost(WAIT).until(pool::tryAcquire);
        pool.release();

        assertThat(pool.drain(50)).as("the outcome still waits for the stream thread").isFalse();

        await().atMost(WAIT).until(() -> {
            first.drain();
            return firstSteps.finished.contains("first-1");
        });
        assertThat(pool.drain(WAIT.toMillis())).isTrue();
    }

    private TaskDispatcher dispatcher(Steps steps) {
        return new TaskDispatcher(pool, RateLimits.from(Map.of()), steps, Clock.systemUTC());
    }

    private static RunningTask task(long seq, String id, TaskHandler<Object> handler) {
        Task task = TaskBuilder.aTask(CODEC, "slots", Instant.now(), id).build();
        return new RunningTask(seq, new Record<>(new byte[0], new byte[0], 0L), task, handler, null, Set.of());
    }

    private static TaskHandler<Object> blocking(CountDownLatch release) {
        return handler(() -> release.await());
    }

    private static TaskHandler<Object> handler(Work work) {
        return new TaskHandler<>() {
            @Override
            public Class<Object> payloadType() {
                return Object.class;
            }

            @Override
            public void handle(Object payload, TaskContext context) throws Exception {
                work.run();
            }
        };
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Records which tasks started and which outcomes were routed, by task id. */
    private static final class Steps implements TaskDispatcher.Steps {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> finished = new CopyOnWriteArrayList<>();
        final Map<String, Outcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void starting(RunningTask task) {
            started.add(task.task.getId());
        }

        @Override
        public void finished(RunningTask task, Outcome outcome) {
            finished.add(task.task.getId());
            outcomes.put(task.task.getId(), outcome);
        }

        @Override
        public boolean parked(RunningTask task) {
            return false;
        }
    }
}
