package io.taskline.cli;

import ch.qos.logback.classic.Level;
import io.taskline.retry.Durations;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.LoggerFactory;

/**
 * Checks that Kafka answers before a command uses it, so a command run against a broker that is
 * down or a wrong address fails within {@code cli.kafka.timeout} (15 s) with one line saying so,
 * instead of after the clients' 60 s and a warning a second.
 *
 * <p>Usage: {@code ReachableKafka.check(global.config());} before creating clients.
 */
public final class ReachableKafka {

    /** The config key (or {@code TASKLINE_CLI_KAFKA_TIMEOUT}) of how long a command waits for Kafka to answer. */
    public static final String TIMEOUT_CONFIG = "cli.kafka.timeout";
    /** How long a command waits for Kafka to answer unless {@value #TIMEOUT_CONFIG} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

    private ReachableKafka() {
    }

    /** Kafka could not be reached: the command fails (exit code 1) with this message. */
    public static final class UnreachableException extends RuntimeException {
        UnreachableException(String message) {
            super(message);
        }
    }

    /**
     * Returns {@code config} once the cluster at its bootstrap servers has answered.
     *
     * @throws UnreachableException when it does not answer in time or refuses the credentials
     * @throws IllegalArgumentException when {@value #TIMEOUT_CONFIG} is not a duration
     */
    public static CliConfig check(CliConfig config) {
        Duration timeout = timeout(config);
        KafkaClientSettings settings = config.kafka();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        // The clients warn once a second while they cannot connect; the one line below says it all.
        ch.qos.logback.classic.Logger network = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(NETWORK_CLIENT);
        Level before = network.getLevel();
        network.setLevel(Level.ERROR);
        try (Admin admin = Admin.create(settings.with(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "taskline-cli-check",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis)))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).clusterId()
                    .get(millis + 1_000L, TimeUnit.MILLISECONDS);
            return config;
        } catch (ExecutionException e) {
            throw failure(settings, timeout, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw failure(settings, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while waiting for Kafka at " + settings.bootstrapServers());
        } finally {
            network.setLevel(before);
        }
    }

    private static UnreachableException failure(KafkaClientSettings settings, Duration timeout, Throwable cause) {
        if (cause instanceof AuthenticationException) {
            return new UnreachableException("Kafka at " + settings.bootstrapServers() + " refused the credentials: "
                    + cause.getMessage() + " (kafka.sasl.* / kafka.ssl.* settings)");
        }
        return new UnreachableException("no answer from Kafka at " + settings.bootstrapServers() + " within "
                + Durations.format(timeout) + " (is it running? --bootstrap-servers, TASKLINE_BOOTSTRAP_SERVERS or the"
                + " config file's bootstrap.servers say where it is; " + TIMEOUT_CONFIG + " how long to wait)");
    }

    private static Duration timeout(CliConfig config) {
        String text = config.properties().get(TIMEOUT_CONFIG);
        if (text == null || text.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TIMEOUT_CONFIG + ": " + e.getMessage(), e);
        }
    }
}
