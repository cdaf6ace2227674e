package io.taskline.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a broker answers {@code DescribeCluster} with at least one live node.
 *
 * <p>Usage: {@code Readiness.await("127.0.0.1:9092", Duration.ofSeconds(60));}
 */
public final class Readiness {

    private Readiness() {
    }

    /**
     * Polls the broker until it lists itself as a live node, or the timeout expires.
     *
     * <p>Usage: {@code Readiness.await(bootstrapServers, Duration.ofSeconds(30))}
     *
     * @param bootstrapServers {@code host:port} of the broker
     * @param timeout          how long to keep trying
     * @throws TimeoutException     if the broker is not ready in time (the last failure is the cause)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static void await(String bootstrapServers, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "taskline-embedded-kafka-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    Collection<Node> nodes = admin.describeCluster(
                                    new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMs, 5_000)))
                            .nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        }
        TimeoutException timedOut = new TimeoutException(
                "Kafka broker at " + bootstrapServers + " not ready after " + timeout.toMillis() + " ms");
        if (last != null) {
            timedOut.initCause(last);
        }
        throw timedOut;
    }
}
