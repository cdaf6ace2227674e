package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.SlowHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The execution engine on a real broker: concurrency beyond partitions, key order, timeouts, async handlers. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ExecutionIT {

    private final WorkerFixture fixture;

    ExecutionIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private Map<String, Object> props(String queue, int partitions, int concurrency) {
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        props.put("queue." + queue + ".partitions", Integer.toString(partitions));
        props.put("queue." + queue + ".concurrency", Integer.toString(concurrency));
        return props;
    }

    private static Message message(String text) {
        return Message.newBuilder().setMessage(text).build();
    }

    private List<TaskEvent> events(String queue, TaskEventType type) {
        return fixture.events(queue).stream().filter(e -> e.getEvent() == type).toList();
    }

    @Test
    void runsManyTasksOfOnePartitionAtOnceAndEachKeyInPublishOrder() throws Exception {
        String queue = TestQueues.unique("concurrent");
        SlowHandler slow = SlowHandler.taking(Duration.ofMillis(100));
        fixture.startWorker(props(queue, 1, 16), queue, Map.of("slow", slow));
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            requests.add(TaskRequest.to(queue).type("slow").key("k" + (i % 10)).id(String.format("t%03d", i))
                    .payload(message("m")).build());
        }
        fixture.publisher().publishAll(requests).forEach(CompletableFuture::join);

        await().atMost(Duration.ofSeconds(60)).until(() -> events(queue, TaskEventType.SUCCEEDED).size() >= 80);

        // One partition, sequential execution would be 1 at a time and take 8 s.
        assertThat(slow.maxConcurrent()).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(16);
        assertThat(slow.runs()).hasSize(80);
        Map<String, List<SlowHandler.Run>> byKey = slow.runs().stream()
                .collect(Collectors.groupingBy(SlowHandler.Run::key));
        byKey.forEach((key, runs) -> {
            List<SlowHandler.Run> byStart = runs.stream().sorted((a, b) -> a.start().compareTo(b.start())).toList();
            assertThat(byStart).extracting(SlowHandler.Run::taskId).as("key %s in publish order", key).isSorted();
            for (int i = 1; i < byStart.size(); i++) {
                assertThat(byStart.get(i).start()).as("key %s runs one task at a time", key)
                        .isAfterOrEqualTo(byStart.get(i - 1).end());
            }
        });
        assertThat(events(queue, TaskEventType.SUCCEEDED)).extracting(TaskEvent::getTaskId).doesNotHaveDuplicates();
    }

    @Test
    void anAttemptPastItsTimeoutIsInterruptedAndRetriedAndItsLateEndIsIgnored() throws Exception {
        String queue = TestQueues.unique("timeout");
        AtomicBoolean interrupted = new AtomicBoolean();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        TaskHandler<Message> hangsOnce = new TaskHandler<>() {
            public Class<Message> payloadType() {
                return Message.class;
            }

            public void handle(Message m, TaskContext ctx) {
                attempts.add(ctx.attempt());
                if (ctx.attempt() == 1) {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.set(true); // and returns normally: a late "success" that must not count
                    }
                }
            }
        };
        Map<String, Object> props = props(queue, 1, 4);
        props.put("queue." + queue + ".timeout.hangs", "500ms");
        fixture.startWorker(props, queue, Map.of("hangs", hangsOnce));

        String id = fixture.publisher().publish(TaskRequest.to(queue).type("hangs").payload(message("m")).build())
                .join().id();

        await().atMost(Duration.ofSeconds(30)).until(() -> !events(queue, TaskEventType.SUCCEEDED).isEmpty());
        List<TaskEvent> retrying = events(queue, TaskEventType.RETRYING);
        assertThat(retrying).hasSize(1);
        assertThat(retrying.get(0).getErrorClass()).isEqualTo(TaskTimeoutException.class.getName());
        assertThat(retrying.get(0).getErrorMessage()).contains("500ms");
        assertThat(interrupted).isTrue();
        assertThat(attempts).containsExactly(1, 2);
        assertThat(events(queue, TaskEventType.SUCCEEDED)).singleElement()
                .satisfies(e -> assertThat(e.getAttempt()).isEqualTo(2))
                .satisfies(e -> assertThat(e.getTaskId()).isEqualTo(id));
    }

    @Test
    void aLongTaskThatExtendsItsTimeoutIsNotCutOff() throws Exception {
        String queue = TestQueues.unique("lease");
        TaskHandler<Message> renewing = new TaskHandler<>() {
            public Class<Message> payloadType() {
                return Message.class;
            }

            public void handle(Message m, TaskContext ctx) throws InterruptedException {
                for (int step = 0; step < 12; step++) {
                    Thread.sleep(100);
                    ctx.extendTimeout(Duration.ofMillis(400));
                }
            }
        };
        Map<String, Object> props = props(queue, 1, 4);
        props.put("queue." + queue + ".timeout", "400ms");
        fixture.startWorker(props, queue, Map.of("long", renewing));

        fixture.publisher().publish(TaskRequest.to(queue).type("long").payload(message("m")).build()).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> !events(queue, TaskEventType.SUCCEEDED).isEmpty());
        assertThat(events(queue, TaskEventType.SUCCEEDED)).singleElement()
                .satisfies(e -> assertThat(e.getAttempt()).isEqualTo(1))
                .satisfies(e -> assertThat(e.getDurationMs()).isGreaterThanOrEqualTo(1200L));
        assertThat(events(queue, TaskEventType.RETRYING)).isEmpty();
    }

    @Test
    void anAsyncHandlerHoldsNoThreadAndItsFailedStageIsAFailedAttempt() throws Exception {
        String queue = TestQueues.unique("async");
        TaskHandler<Message> async = new TaskHandler<>() {
            public Class<Message> payloadType() {
                return Message.class;
            }

            public void handle(Message m, TaskContext ctx) {
                throw new AssertionError("the async path must be used");
            }

            public CompletionStage<Void> handleAsync(Message m, TaskContext ctx) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                Runnable finish = m.getMessage().equals("fail") && ctx.attempt() == 1
                        ? () -> done.completeExceptionally(new IllegalStateException("remote said no"))
                        : () -> done.complete(null);
                CompletableFuture.delayedExecutor(200, java.util.concurrent.TimeUnit.MILLISECONDS).execute(finish);
                return done;
            }
        };
        fixture.startWorker(props(queue, 1, 64), queue, Map.of("async", async));
        TaskPublisher publisher = fixture.publisher();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(TaskRequest.to(queue).type("async").id("a" + i).payload(message(i == 0 ? "fail" : "ok")).build());
        }
        publisher.publishAll(requests).forEach(CompletableFuture::join);

        await().atMost(Duration.ofSeconds(30)).until(() -> events(queue, TaskEventType.SUCCEEDED).size() >= 40);
        assertThat(events(queue, TaskEventType.RETRYING)).singleElement()
                .satisfies(e -> assertThat(e.getTaskId()).isEqualTo("a0"))
                .satisfies(e -> assertThat(e.getErrorMessage()).isEqualTo("remote said no"));
        assertThat(events(queue, TaskEventType.SUCCEEDED)).extracting(TaskEvent::getTaskId).doesNotHaveDuplicates();
    }

    @Test
    void aTaskPublishedTwiceWhileTheFirstCopyRunsExecutesOnce() throws Exception {
        String queue = TestQueues.unique("twice");
        SlowHandler slow = SlowHandler.taking(Duration.ofMillis(500));
        fixture.startWorker(props(queue, 1, 8), queue, Map.of("slow", slow));
        TaskPublisher publisher = fixture.publisher();

        publisher.publish(TaskRequest.to(queue).type("slow").id("same").payload(message("1")).build()).join();
        publisher.publish(TaskRequest.to(queue).type("slow").id("same").payload(message("2")).build()).join();
        publisher.publish(TaskRequest.to(queue).type("slow").id("after").payload(message("3")).build()).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> events(queue, TaskEventType.SUCCEEDED).size() >= 2);
        // A second run of "same" would start within a task's time of the first one ending: wait
        // three of them, and count starts (a run still going is not in runs()).
        await("no second start of the same task").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
                .until(() -> slow.starts().size() == 2);
        assertThat(slow.starts()).extracting(SlowHandler.Run::taskId).containsExactlyInAnyOrder("same", "after");
        assertThat(events(queue, TaskEventType.SUCCEEDED)).extracting(TaskEvent::getTaskId)
                .containsExactlyInAnyOrder("same", "after");
    }
}
