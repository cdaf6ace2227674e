package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.TaskPublisher;
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
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A worker's /metrics counts every outcome and its /health endpoints say it is up. */
@ExtendWith(EmbeddedKafkaExtension.class)
class WorkerMetricsIT {

    private final WorkerFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    WorkerMetricsIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void metricsCountEachOutcomeAndHealthIsUp() throws Exception {
        String queue = TestQueues.unique("metrics");
        int port = freePort();
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2);
        props.put(WorkerConfig.METRICS_PORT_CONFIG, Integer.toString(port));
        fixture.startWorker(props, queue, Map.of("ok", aHandler(Message.class), "fail", aHandler(Message.class).alwaysFailing()));

        TaskPublisher publisher = fixture.publisher();
        for (int i = 0; i < 3; i++) {
            publisher.publish(TaskRequest.to(queue).type("ok").payload(Message.newBuilder().setMessage("m").build()).build()).join();
        }
        publisher.publish(TaskRequest.to(queue).type("fail").payload(Message.newBuilder().setMessage("m").build()).build()).join();
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", fixture.bootstrap()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(QueueTopics.of(queue).queue(), "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }

        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = get(base + "/metrics").body();
            assertThat(counter(metrics, queue, "ok", "succeeded")).isEqualTo(3.0);
            assertThat(counter(metrics, queue, "fail", "retried")).isEqualTo(1.0);
            assertThat(counter(metrics, queue, "fail", "dead")).isEqualTo(1.0);
            assertThat(counter(metrics, queue, "<undecodable>", "undecodable")).isEqualTo(1.0);
        });
        String metrics = get(base + "/metrics").body();
        assertThat(metrics).contains("taskline_task_duration_seconds_bucket{");
        assertThat(metrics).containsPattern("taskline_task_queue_time_seconds_count\\{queue=\"" + queue + "\",type=\"ok\"} 3");
        assertThat(metrics).contains("jvm_memory_used_bytes");
        assertThat(metrics).as("Kafka Streams client metrics").containsPattern("(?m)^kafka_consumer_\\w+\\{")
                .containsPattern("(?m)^kafka_producer_\\w+\\{").containsPattern("(?m)^kafka_stream_\\w+\\{");

        HttpResponse<String> live = get(base + "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get(base + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("UP");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double counter(String metrics, String queue, String type, String outcome) {
        Pattern line = Pattern.compile("^taskline_tasks_total\\{(.*)} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("queue=\"" + queue + "\"") && labels.contains("type=\"" + type + "\"")
                    && labels.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
