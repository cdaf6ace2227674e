package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delayed tasks on a real broker: none runs before its time, nearly all within a second after it,
 * and a worker replaced while tasks wait loses none and runs none twice.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DelayedTaskIT {

    private static final Duration P99_LATENESS = Duration.ofSeconds(1);

    private final WorkerFixture fixture;

    DelayedTaskIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void twoHundredTasksDelayedOneToFiveSecondsRunNoneEarlyAndNinetyNinePercentWithinASecond() throws Exception {
        String queue = TestQueues.unique("delayed");
        List<Run> runs = new CopyOnWriteArrayList<>();
        fixture.startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3), queue,
                Map.of("work", new TimingHandler("w1", runs)));

        publish(queue, 200, Duration.ofSeconds(1), Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 200);
        Lateness lateness = Lateness.of(runs);
        System.out.println("delayed tasks on time: " + lateness);
        assertThat(runs).extracting(Run::taskId).doesNotHaveDuplicates().hasSize(200);
        assertThat(lateness.early()).as("tasks started before their run time").isZero();
        assertThat(lateness.p99()).as("p99 lateness").isLessThanOrEqualTo(P99_LATENESS);
        Map<String, Instant> runAt = runs.stream().collect(Collectors.toMap(Run::taskId, Run::runAt));
        List<TaskEvent> enqueued = await().atMost(Duration.ofSeconds(30)).until(
                () -> eventsOf(queue, TaskEventType.ENQUEUED), events -> events.size() >= 200);
        assertThat(enqueued).hasSize(200).allSatisfy(e -> assertThat(e.getDueAt()).isEqualTo(runAt.get(e.getTaskId())));
    }

    @Test
    void aWorkerReplacedWhileTasksWaitLosesNoneAndRunsNoneTwice() throws Exception {
        String queue = TestQueues.unique("delayed-restart");
        Map<String, Object> first = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        // Leaving the group on close hands the partitions over at once; the session timeout is the fallback.
        first.put("kafka.session.timeout.ms", "10000");
        Map<String, Object> second = new HashMap<>(first);
        // A new machine: the second worker has only the changelog to learn which tasks wait.
        second.put("state.dir", Files.createTempDirectory("taskline-state-new").toString());
        List<Run> runs = new CopyOnWriteArrayList<>();
        Worker firstWorker = fixture.startWorker(first, queue, Map.of("work", new TimingHandler("first", runs)));

        publish(queue, 100, Duration.ofSeconds(1), Duration.ofSeconds(8));
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() >= 25);
        fixture.closeNow(firstWorker);
        int ranByFirst = runs.size();
        fixture.startWorker(second, queue, Map.of("work", new TimingHandler("second", runs)));

        await().atMost(Duration.ofSeconds(60)).until(() -> distinctIds(runs) >= 100);
        List<TaskEvent> succeeded = await().atMost(Duration.ofSeconds(30)).until(
                () -> eventsOf(queue, TaskEventType.SUCCEEDED), events -> events.size() >= 100);
        System.out.println("delayed tasks across a restart (first worker ran " + ranByFirst + "): "
                + Lateness.of(runs));
        assertThat(ranByFirst).as("the restart came while tasks waited").isBetween(25, 99);
        assertThat(runs).extracting(Run::worker).contains("first", "second");
        assertThat(runs).extracting(Run::taskId).as("every task ran exactly once")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(100));
        assertThat(succeeded).extracting(TaskEvent::getTaskId).doesNotHaveDuplicates().hasSize(100);
        assertThat(Lateness.of(runs).early()).as("tasks started before their run time").isZero();
    }

    /** Publishes {@code count} tasks with delays spread evenly from {@code shortest} to {@code longest}. */
    private void publish(String queue, int count, Duration shortest, Duration longest) {
        TaskPublisher publisher = fixture.publisher();
        long spread = longest.minus(shortest).toMillis();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(TaskRequest.to(queue).type("work").key("k-" + (i % 20)).id("t-" + i)
                    .payload(Message.newBuilder().setMessage(Integer.toString(i)).build())
                    .delay(shortest.plusMillis(spread * i / (count - 1))).build());
        }
        publisher.publishAll(requests).forEach(CompletableFuture::join);
    }

    private List<TaskEvent> eventsOf(String queue, TaskEventType type) {
        return fixture.events(queue).stream().filter(e -> e.getEvent() == type).toList();
    }

    private static Set<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "t-" + i).collect(Collectors.toSet());
    }

    private static long distinctIds(List<Run> runs) {
        return runs.stream().map(Run::taskId).distinct().count();
    }

    /** One handler start: which task, when it was due, when it started, and on which worker. */
    private record Run(String taskId, Instant runAt, Instant startedAt, String worker) {

        Duration lateness() {
            return Duration.between(runAt, startedAt);
        }
    }

    /** How late tasks started after their run time. */
    private record Lateness(long early, Duration p50, Duration p99, Duration max) {

        static Lateness of(List<Run> runs) {
            List<Duration> sorted = runs.stream().map(Run::lateness).sorted().toList();
            long early = sorted.stream().filter(Duration::isNegative).count();
            return new Lateness(early, percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
        }

        private static Duration percentile(List<Duration> sorted, int p) {
            return sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        }

        @Override
        public String toString() {
            return "early " + early + ", lateness p50 " + p50.toMillis() + " ms, p99 " + p99.toMillis() + " ms, max "
                    + max.toMillis() + " ms";
        }
    }

    /** Records when each task started, against the run time in its envelope. */
    private record TimingHandler(String worker, List<Run> runs) implements TaskHandler<Message> {

        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) {
            runs.add(new Run(ctx.taskId(), ctx.runAt(), Clock.systemUTC().instant(), worker));
        }
    }
}
