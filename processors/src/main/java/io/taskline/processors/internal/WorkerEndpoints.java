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
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health/live", exchange -> respond(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/health/ready", exchange -> {
            String reason = readiness.get();
            if (reason == null) {
                respond(exchange, 200, "application/json", "{\"status\":\"UP\"}");
            } else {
                respond(exchange, 503, "application/json", "{\"status\":\"DOWN\",\"reason\":\""
                        + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            }
        });
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

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
