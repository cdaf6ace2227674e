package io.taskline.processors.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's HTTP port: {@code /metrics} in Prometheus text format, {@code /health/live} and
 * {@code /health/ready} (200, or 503 with a JSON reason).
 */
public final class WorkerEndpoints implements AutoCloseable {

    private final HttpServer server;

    private WorkerEndpoints(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} of all interfaces; {@code readiness} returns null when ready, else why not. */
    public static WorkerEndpoints start(int port, PrometheusMeterRegistry registry, Supplier<String> readiness)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> serve(exchange, "/metrics", () -> new Response(200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        server.createContext("/health/live", exchange -> serve(exchange, "/health/live",
                () -> new Response(200, "application/json", "{\"status\":\"UP\"}")));
        server.createContext("/health/ready", exchange -> serve(exchange, "/health/ready", () -> {
            String reason = readiness.get();
            return reason == null ? new Response(200, "application/json", "{\"status\":\"UP\"}")
                    : new Response(503, "application/json", "{\"status\":\"DOWN\",\"reason\":\""
                            + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "taskline-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new WorkerEndpoints(server);
    }

    /** The port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** A response to send: status, content type and body. */
    private record Response(int status, String contentType, String body) {
    }

    /**
     * Answers GET (and HEAD, without a body) on exactly {@code path}: a context also matches
     * longer paths ({@code /metricsXYZ}), which get 404, and other methods get 405.
     */
    private static void serve(HttpExchange exchange, String path, Supplier<Response> response) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(path)) {
                send(exchange, method, new Response(404, "text/plain; charset=utf-8", "not found\n"));
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, method, new Response(405, "text/plain; charset=utf-8", "method not allowed\n"));
            } else {
                send(exchange, method, response.get());
            }
        }
    }

    private static void send(HttpExchange exchange, String method, Response response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
