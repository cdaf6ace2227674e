package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.examples.Message;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /health/ready follows the broker: 503 with a reason while Kafka is away, 200 again once it is
 * back and the worker runs tasks again; /health/live stays 200 throughout. Uses a broker of its
 * own, since it stops it.
 */
class WorkerHealthIT {

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
}
