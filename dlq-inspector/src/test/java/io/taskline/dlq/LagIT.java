package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskline.dlq.testing.DlqFixture;
import io.taskline.dlq.testing.SwitchableHandler;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.Durations;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.examples.Message;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lag on a real broker: a backlog with no worker is counted whole with its age; a worker drains
 * it to zero; failed tasks show as tier depth and dead letters; /metrics serves the same figures.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class LagIT {

    private static final Duration WAIT = Duration.ofMillis(1500);
    private final DlqFixture fixture;

    LagIT(EmbeddedKafkaBroker broker) {
        this.fixture = new DlqFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void backlogWithoutWorkerIsCountedWholeThenAWorkerDrainsIt() throws Exception {
        String queue = DlqFixture.uniqueQueue("lag");
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(KafkaClientSettings.of(fixture.bootstrap()))) {
            admin.ensure(QueueSpec.of(queue).withTiers(Durations.parseList("1h")).withMaxAttempts(3), OptionalInt.of(3));
        }
        TaskPublisher publisher = fixture.publisher();
        Instant beforeFirst = Instant.now();
        publish(publisher, queue, "echo", 1);
        Instant afterFirst = Instant.now();
        publish(publisher, queue, "echo", 499);
        publish(publisher, queue, "retried", 3);
        publish(publisher, queue, "fatal", 2);
        LagTracker tracker = fixture.track(LagTracker.create(KafkaClientSettings.of(fixture.bootstrap()),
                DlqFixture.group(queue), Clock.systemUTC()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LagMetrics gauges = fixture.track(new LagMetrics(tracker, List.of(queue), Duration.ofMillis(200)));
        gauges.bindTo(registry);
        await().atMost(Duration.ofSeconds(10)).until(() -> Duration.between(beforeFirst, Instant.now()).compareTo(WAIT) > 0);

        QueueLag waiting = tracker.measure(queue);

        assertThat(tracker.queues()).contains(queue);
        assertThat(waiting.records()).isEqualTo(505);
        assertThat(waiting.queueTopic().partitions()).hasSize(3)
                .allSatisfy(p -> assertThat(p.committedOffset()).as("nothing committed yet").isEqualTo(-1));
        assertThat(waiting.queueTopic().members()).isZero();
        assertThat(waiting.age()).isGreaterThanOrEqualTo(Duration.between(afterFirst, waiting.measuredAt()))
                .isLessThanOrEqualTo(Duration.between(beforeFirst, waiting.measuredAt()));
        assertThat(waiting.tiers()).extracting(TopicLag::tier).containsExactly("1h");
        assertThat(waiting.tiers().get(0).records()).isZero();
        assertThat(waiting.dlq().records()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sum(registry, "taskline.queue.lag.records", queue)).isEqualTo(505);
            assertThat(sum(registry, "taskline.queue.lag.seconds", queue)).isGreaterThanOrEqualTo(1);
        });

        int port = freePort();
        Map<String, Object> props = fixture.workerProps(queue, "1h", 3);
        props.put(WorkerConfig.METRICS_PORT_CONFIG, Integer.toString(port));
        LagMetrics served = new LagMetrics(LagTracker.create(KafkaClientSettings.of(fixture.bootstrap()),
                DlqFixture.group(queue), Clock.systemUTC()), List.of(queue), Duration.ofMillis(200));
        Worker worker = fixture.track(Worker.builder(new WorkerConfig(props))
                .handler(queue, "echo", SwitchableHandler.failing(Message.class, p -> null))
                .handler(queue, "retried", SwitchableHandler.failing(Message.class, p -> new IllegalStateException("down")))
                .handler(queue, "fatal", SwitchableHandler.failing(Message.class, p -> new NonRetryableException("bad")))
                .meters(served)
                .build().start());
        worker.awaitRunning(Duration.ofSeconds(90));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            QueueLag drained = tracker.measure(queue);
            assertThat(drained.records()).isZero();
            assertThat(drained.age()).isZero();
            assertThat(drained.queueTopic().members()).isPositive();
            assertThat(drained.tiers().get(0).records()).as("tasks waiting an hour in the 1h tier").isEqualTo(3);
            assertThat(drained.tiers().get(0).members()).as("the tier's relay").isPositive();
            assertThat(drained.dlq().records()).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(sample(scrape, "taskline_queue_lag_records", queue)).hasSize(3).allSatisfy(v -> assertThat(v).isZero());
            assertThat(sample(scrape, "taskline_queue_lag_seconds", queue)).containsExactly(0.0);
            assertThat(sample(scrape, "taskline_retry_tier_depth", queue)).containsExactly(3.0);
            assertThat(sample(scrape, "taskline_dlq_records", queue)).containsExactly(2.0);
            assertThat(scrape).containsPattern("taskline_tasks_total\\{outcome=\"succeeded\",queue=\"" + queue
                    + "\",type=\"echo\"} 500");
        });
    }

    private static void publish(TaskPublisher publisher, String queue, String type, int count) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(publisher.publish(TaskRequest.to(queue).type(type).key(type + "-" + i)
                    .payload(Message.newBuilder().setMessage(type).build()).build()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static double sum(SimpleMeterRegistry registry, String name, String queue) {
        return registry.find(name).tag("queue", queue).gauges().stream().mapToDouble(Gauge::value).sum();
    }

    /** The values of every sample of {@code name} labelled with {@code queue}. */
    private static List<Double> sample(String scrape, String name, String queue) {
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            if (m.group(1).contains("queue=\"" + queue + "\"")) {
                out.add(Double.parseDouble(m.group(2)));
            }
        }
        return out;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
