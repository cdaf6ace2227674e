package io.taskline.processors.internal;

import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the worker can reach Kafka now: asks the cluster for its nodes every interval, in the
 * background. Kafka Streams stays RUNNING while the brokers are away (its clients just retry), so
 * readiness needs this to say a worker cannot work.
 *
 * <p>Usage: {@code String why = reachability.problem(); // null while Kafka answers}
 */
public final class KafkaReachability implements AutoCloseable {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final String bootstrap;
    private final long staleAfterNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "taskline-kafka-reachability");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastAnswer = System.nanoTime();
    private volatile String lastError = "no answer yet";

    private KafkaReachability(Admin admin, String bootstrap, Duration every) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.staleAfterNanos = every.multipliedBy(2).plus(ASK_TIMEOUT).toNanos();
    }

    /** Starts asking every {@code every}; the first answer is awaited in the background. */
    public static KafkaReachability start(KafkaClientSettings settings, Duration every) {
        Admin admin = Admin.create(settings.with(AdminClientConfig.CLIENT_ID_CONFIG, "taskline-health"));
        KafkaReachability reachability = new KafkaReachability(admin, settings.bootstrapServers(), every);
        reachability.timer.scheduleWithFixedDelay(reachability::ask, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return reachability;
    }

    private void ask() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ASK_TIMEOUT.toMillis()))
                    .nodes().get(ASK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            lastAnswer = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            lastError = e.getCause() == null ? e.toString() : e.getCause().getClass().getSimpleName();
        } catch (TimeoutException | RuntimeException e) {
            lastError = e.getClass().getSimpleName();
        }
    }

    /** Null while Kafka answered recently; otherwise why the worker cannot reach it. */
    public String problem() {
        long silent = System.nanoTime() - lastAnswer;
        if (silent <= staleAfterNanos) {
            return null;
        }
        return "no answer from Kafka at " + bootstrap + " for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s ("
                + lastError + ")";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
