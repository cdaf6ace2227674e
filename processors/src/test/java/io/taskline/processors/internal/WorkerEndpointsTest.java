package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's HTTP port answers GET and HEAD on its three paths exactly, and nothing else. */
class WorkerEndpointsTest {

    private final AtomicReference<String> notReady = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private WorkerEndpoints endpoints;

    @AfterEach
    void close() {
        endpoints.close();
    }

    @Test
    void eachPathAnswersGetAndHeadOnlyAndLongerPathsAreNotFound() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("taskline_probe").increment();
        endpoints = WorkerEndpoints.start(0, registry, notReady::get);

        assertThat(get("/metrics").body()).contains("taskline_probe");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").body()).isEqualTo("{\"status\":\"UP\"}");
        notReady.set("kafka streams is \"REBALANCING\"");
        HttpResponse<String> down = get("/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"reason\":\"kafka streams is \\\"REBALANCING\\\"\"}");

        assertThat(get("/metricsXYZ").statusCode()).isEqualTo(404);
        assertThat(get("/health/live/anything").statusCode()).isEqualTo(404);
        HttpResponse<String> posted = send(HttpRequest.newBuilder(uri("/health/ready"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/health/live"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoints.port() + path);
    }
}
