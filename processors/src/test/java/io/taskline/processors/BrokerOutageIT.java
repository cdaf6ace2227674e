package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.processors.testing.Execution;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.TopicReader;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.PublishedTask;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.retry.RetryRelay;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away and comes back. /health/ready follows it: 503 with a reason while Kafka is
 * away, 200 again once it is back; /health/live stays 200 throughout. Mid-backlog, with tasks
 * running, retries held by the relay and a publisher still sending, an outage longer than the
 * clients' {@code max.block.ms} loses no task and succeeds none twice. Each test uses a broker of
 * its own, since it stops it.
 */
class BrokerOutageIT {

    private static final int BEFORE = 240;
    private static final int DURING = 60;
    /** The broker stops once this many handler runs have started: well inside the backlog. */
    private static final int STOP_AFTER = 40;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedKafkaBroker broker;
    private WorkerFixture fixture;

    @BeforeEach
    void startBroker() {
        broker = EmbeddedKafkaBroker.builder().build().start();
        fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            fixture.close();
        } finally {
            broker.close();
        }
    }

    @Test
    void readyFlipsTo503WhileTheBrokerIsDownAndBackAfterwards() throws Exception {
        String queue = TestQueues.unique("health");
        int port = freePort();
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2);
        props.put(WorkerConfig.METRICS_PORT_CONFIG, Integer.toString(port));
        RecordingHandler<Message> handler = aHandler(Message.class);
        fixture.startWorker(props, queue, Map.of("ok", handler));
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).until(() -> status(base + "/health/ready") == 200);

        broker.stop();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> ready = get(base + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("no answer from Kafka");
        });
        assertThat(status(base + "/health/live")).isEqualTo(200);

        broker.start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(base + "/health/ready") == 200);
        assertThat(status(base + "/health/live")).isEqualTo(200);
        fixture.publisher().publish(TaskRequest.to(queue).type("ok").payload(Message.newBuilder().setMessage("after").build())
                .build()).join();
        await().atMost(Duration.ofSeconds(90)).until(() -> handler.executions().size() == 1);
    }

    @Test
    void anOutageLongerThanMaxBlockMidBacklogLosesNoTaskAndSucceedsNoneTwice() throws Exception {
        String queue = TestQueues.unique("outage");
        int metricsPort = freePort();
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3);
        props.put(WorkerConfig.METRICS_PORT_CONFIG, Integer.toString(metricsPort));
        // Two at a time and small polls: the backlog takes seconds, so the broker stops mid-run.
        props.put("queue." + queue + ".concurrency", "2");
        props.put("kafka.max.poll.records", "20");
        // The clients give up on a blocked call after 5 s instead of 60: the outage outlasts it.
        props.put("kafka.max.block.ms", "5000");
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(KafkaClientSettings.of(fixture.bootstrap()))) {
            admin.ensure(new WorkerConfig(props).queueSpec(queue), OptionalInt.of(3));
        }
        List<Execution> runs = new CopyOnWriteArrayList<>();
        TaskPublisher publisher = fixture.publisher();
        publisher.publishAll(requests(queue, 0, BEFORE)).forEach(CompletableFuture::join);
        Worker worker = fixture.startWorker(props, queue, Map.of("work", new WorkHandler(runs)));
        RetryRelay relay = worker.relays().get(0);
        String ready = "http://127.0.0.1:" + metricsPort + "/health/ready";

        await("handler runs, and a retry held by the relay, before the broker stops").atMost(Duration.ofSeconds(90))
                .until(() -> runs.size() >= STOP_AFTER && relay.heldCount() > 0);
        broker.stop();
        int ranBeforeStop = runs.size();
        // A send blocks until the publisher knows the topic's partitions again: publish from aside.
        CompletableFuture<List<CompletableFuture<PublishedTask>>> duringOutage =
                CompletableFuture.supplyAsync(() -> publisher.publishAll(requests(queue, BEFORE, BEFORE + DURING)));
        await("the worker sees Kafka gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(ready) == 503);
        await("the relay fails a round past max.block.ms").atMost(Duration.ofSeconds(60))
                .until(() -> relay.failedRounds() > 0);
        assertThat(acknowledged(duringOutage)).as("tasks published while the broker is down and acknowledged").isZero();
        broker.start();

        duringOutage.get(90, TimeUnit.SECONDS).forEach(CompletableFuture::join);
        Set<String> ids = IntStream.range(0, BEFORE + DURING).mapToObj(i -> "t-" + i).collect(Collectors.toSet());
        await("every task's committed SUCCEEDED event").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(ids).as("tasks without a committed SUCCEEDED event")
                        .allMatch(succeededIds(fixture.events(queue))::contains));
        List<TaskEvent> events = fixture.events(queue);

        assertThat(ranBeforeStop).as("handler runs when the broker stopped").isLessThan(BEFORE);
        assertThat(duplicates(events.stream().filter(e -> e.getEvent() == TaskEventType.SUCCEEDED)
                .map(TaskEvent::getTaskId).toList())).as("tasks with more than one committed SUCCEEDED event").isEmpty();
        assertThat(events).as("dead events").noneMatch(e -> e.getEvent() == TaskEventType.DEAD);
        assertThat(TopicReader.readAll(fixture.bootstrap(), queue + ".dlq")).as("dead letters").isEmpty();
        assertThat(runs.stream().filter(r -> r.attempt() >= 2).map(Execution::taskId).collect(Collectors.toSet()))
                .as("odd tasks retried from the 1s tier").containsAll(
                        ids.stream().filter(id -> Integer.parseInt(id.substring(2)) % 2 == 1).toList());
        assertThat(relay.isRunning()).as("relay running").isTrue();
        await("ready again").atMost(Duration.ofSeconds(60)).until(() -> status(ready) == 200);
    }

    private static List<TaskRequest> requests(String queue, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> TaskRequest.to(queue).type("work").key("k-" + (i % 30)).id("t-" + i)
                .payload(Message.newBuilder().setMessage(Integer.toString(i)).build()).build()).toList();
    }

    private static long acknowledged(CompletableFuture<List<CompletableFuture<PublishedTask>>> publishing) {
        if (!publishing.isDone()) {
            return 0;
        }
        return publishing.join().stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    private static Set<String> succeededIds(List<TaskEvent> events) {
        return events.stream().filter(e -> e.getEvent() == TaskEventType.SUCCEEDED).map(TaskEvent::getTaskId)
                .collect(Collectors.toSet());
    }

    private static Map<String, Long> duplicates(List<String> ids) {
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private int status(String url) {
        try {
            return get(url).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Takes 25 ms a task (work that waits on something); odd-numbered tasks fail their first attempt. */
    private record WorkHandler(List<Execution> runs) implements TaskHandler<Message> {

        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) throws InterruptedException {
            runs.add(new Execution(ctx.taskId(), "work", ctx.key(), ctx.attempt(), Instant.now(), payload));
            Thread.sleep(25);
            if (Integer.parseInt(ctx.taskId().substring(2)) % 2 == 1 && ctx.attempt() == 1) {
                throw new IllegalStateException("first attempt of " + ctx.taskId() + " fails");
            }
        }
    }
}
