package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.examples.Message;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric name the Grafana dashboard and the Prometheus alert rules read is served by a
 * worker, started as {@code taskline worker} starts, that has run tasks of every outcome.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DashboardMetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][\\w:]*)(\\{[^}]*})?\\s", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyMetricOfTheDashboardAndAlertsIsInALiveScrape(EmbeddedKafkaBroker broker, @TempDir Path dir) throws Exception {
        Set<String> used = ComposeFiles.usedMetricNames();
        Set<String> fromWorkers = new TreeSet<>(used);
        fromWorkers.removeAll(PromQl.MADE_BY_PROMETHEUS);
        assertThat(fromWorkers).contains("taskline_tasks_total", "taskline_task_queue_time_seconds_bucket");
        String queue = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);
        int port = freePort();
        Path config = workerConfig(dir, broker.bootstrapServers(), queue, port);

        try (WorkerProcess worker = WorkerProcess.start(config, Map.of())) {
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(worker.isAlive()).as("worker process; stderr: %s", worker.err()).isTrue();
                        assertThat(status(base + "/health/ready")).isEqualTo(200);
                    });
            runTasksOfEveryOutcome(broker.bootstrapServers(), queue);

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String scrape = get(base + "/metrics");
                assertThat(missing(fromWorkers, scrape, queue))
                        .as("names the dashboard or alerts read that the worker's /metrics lacks (for queue %s)", queue)
                        .isEmpty();
            });
            String scrape = get(base + "/metrics");
            for (String name : fromWorkers) {
                if (name.endsWith("_bucket")) {
                    assertThat(types(scrape)).as("type of %s", name)
                            .containsEntry(name.substring(0, name.length() - "_bucket".length()), "histogram");
                }
            }
        }
    }

    /** The names not served: taskline_* ones need a sample of {@code queue}; others any sample. */
    private static Set<String> missing(Set<String> names, String scrape, String queue) {
        Set<String> served = new TreeSet<>();
        Set<String> servedForQueue = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            served.add(m.group(1));
            if (m.group(2) != null && m.group(2).contains("queue=\"" + queue + "\"")) {
                servedForQueue.add(m.group(1));
            }
        }
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            // Rate limits are shared by queues: their series carry the limit's name, not a queue.
            boolean perQueue = name.startsWith("taskline_") && !name.startsWith("taskline_ratelimit_");
            boolean present = perQueue ? servedForQueue.contains(name) : served.contains(name);
            if (!present) {
                out.add(name);
            }
        }
        return out;
    }

    private static Map<String, String> types(String scrape) {
        Map<String, String> out = new java.util.HashMap<>();
        Matcher m = TYPE.matcher(scrape);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** Succeeded (echo), retried then dead (always-fail, 2 attempts) and undecodable (garbage bytes). */
    private static void runTasksOfEveryOutcome(String bootstrap, String queue) throws Exception {
        try (TaskPublisher publisher = TaskPublisher.create(new TaskPublisherConfig(Map.of("bootstrap.servers", bootstrap)))) {
            for (int i = 0; i < 3; i++) {
                publisher.publish(TaskRequest.to(queue).type("echo").key("k" + i)
                        .payload(Message.newBuilder().setMessage("m" + i).build()).build()).join();
            }
            publisher.publish(TaskRequest.to(queue).type("always-fail")
                    .payload(Message.newBuilder().setMessage("doomed").build()).build()).join();
        }
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(QueueTopics.of(queue).queue(), "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    static Path workerConfig(Path dir, String bootstrap, String queue, int metricsPort) throws IOException {
        String q = "queue." + queue + ".";
        Path file = dir.resolve("worker.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=" + bootstrap,
                "queues=" + queue,
                "worker.group=" + queue + "-workers",
                "state.dir=" + dir.resolve("state"),
                "metrics.port=" + metricsPort,
                q + "tiers=1s",
                q + "max.attempts=2",
                q + "partitions=3",
                q + "handler.echo=io.taskline.examples.EchoHandler",
                q + "handler.flaky=io.taskline.examples.FlakyHandler",
                q + "handler.always-fail=io.taskline.examples.AlwaysFailHandler",
                "ratelimit.demo-api=1000/1s",
                q + "ratelimit.echo=demo-api",
                "examples.output.dir=" + dir.resolve("output"),
                ""));
        return file;
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
