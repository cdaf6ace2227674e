package io.taskline.kafka;

import io.taskline.kafka.internal.BrokerConfigs;
import io.taskline.kafka.internal.QuietLogging;
import io.taskline.kafka.internal.Readiness;
import io.taskline.kafka.internal.StorageFormatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker running in this JVM: KRaft mode, node 1 acting as both broker
 * and controller, listening on 127.0.0.1 only. Exactly-once transactions work (internal topics use
 * replication factor 1).
 *
 * <p>Usage: {@code try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
 * String bootstrap = kafka.bootstrapServers(); }}
 *
 * <p>Running it in the foreground (e.g. for {@code taskline broker --port 9092 --data DIR}) needs nothing
 * more than {@code start()} plus a shutdown hook: the broker's threads are non-daemon and keep the JVM
 * alive after {@code main} returns.
 * <pre>{@code
 * EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(9092).dataDir(dir).build().start();
 * Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
 * }</pre>
 *
 * <p>{@link #stop()} followed by {@link #start()} restarts on the same ports with the same data, which is
 * how tests simulate a broker outage. Instances are thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final int requestedPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> overrides;

    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder builder) throws IOException {
        this.requestedPort = builder.port;
        this.ownsDataDir = builder.dataDir == null;
        this.dataDir = ownsDataDir
                ? Files.createTempDirectory("taskline-kafka-")
                : builder.dataDir.toAbsolutePath();
        this.overrides = Map.copyOf(builder.brokerProperties);
    }

    /**
     * Returns a builder for a broker with default settings (free port, temporary data dir).
     *
     * <p>Usage: {@code EmbeddedKafkaBroker.builder().port(9092).build()}
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data dir if it has no {@code meta.properties} yet (an existing cluster id is kept),
     * starts the broker and waits until an admin client can describe the cluster. Calling it while
     * running does nothing.
     *
     * <p>Usage: {@code EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start();}
     *
     * @return this broker
     * @throws IllegalStateException if the broker was closed, or failed to start or become ready
     * @throws UncheckedIOException  if the data dir cannot be formatted
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("broker was closed; build a new one");
        }
        if (server != null) {
            return this;
        }
        long began = System.nanoTime();
        QuietLogging.apply();
        if (brokerPort == 0) {
            brokerPort = requestedPort != 0 ? requestedPort : BrokerConfigs.freePort();
            do {
                controllerPort = BrokerConfigs.freePort();
            } while (controllerPort == brokerPort);
        }
        String clusterId;
        try {
            clusterId = StorageFormatter.formatIfNeeded(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format Kafka data dir " + dataDir, e);
        }
        Properties props = BrokerConfigs.singleNode(brokerPort, controllerPort, dataDir, overrides);
        KafkaRaftServer candidate = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            candidate.startup();
            Readiness.await(bootstrapServers(), STARTUP_TIMEOUT);
            server = candidate;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDown(candidate);
            throw new IllegalStateException("interrupted while starting Kafka broker", e);
        } catch (TimeoutException | RuntimeException e) {
            shutDown(candidate);
            throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " failed to start", e);
        }
        LOG.info("Kafka broker {} (cluster {}, data {}) ready in {} ms", bootstrapServers(), clusterId, dataDir,
                Duration.ofNanos(System.nanoTime() - began).toMillis());
        return this;
    }

    /**
     * Returns the address clients connect to, {@code "127.0.0.1:PORT"}.
     *
     * <p>Usage: {@code props.put("bootstrap.servers", kafka.bootstrapServers());}
     *
     * @return the bootstrap servers string
     * @throws IllegalStateException if neither a port was given nor the broker started yet
     */
    public synchronized String bootstrapServers() {
        int port = brokerPort != 0 ? brokerPort : requestedPort;
        if (port == 0) {
            throw new IllegalStateException("port is chosen on first start(); call start() first");
        }
        return BrokerConfigs.HOST + ":" + port;
    }

    /**
     * Returns the directory holding the metadata log and all topic data.
     *
     * <p>Usage: {@code Path dir = kafka.dataDir();}
     *
     * @return the absolute data dir path
     */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Stops the broker (controlled shutdown) and keeps the data dir and ports for a later {@link #start()}.
     * Does nothing if it is not running.
     *
     * <p>Usage: {@code kafka.stop(); ...; kafka.start();}
     */
    public synchronized void stop() {
        if (server != null) {
            KafkaRaftServer running = server;
            server = null;
            shutDown(running);
        }
    }

    /**
     * Stops the broker and deletes the data dir if this instance created it as a temporary dir.
     * A data dir given to {@link Builder#dataDir(Path)} is kept. Idempotent.
     *
     * <p>Usage: {@code try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) { }}
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (ownsDataDir) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                LOG.warn("could not delete temporary Kafka data dir {}", dataDir, e);
            }
        }
    }

    /**
     * Tells whether the broker has been started and not stopped since.
     *
     * <p>Usage: {@code if (!kafka.isRunning()) kafka.start();}
     *
     * @return {@code true} while running
     */
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (brokerPort != 0 ? bootstrapServers() : "unstarted")
                + ", dataDir=" + dataDir + ", running=" + isRunning() + "]";
    }

    private static void shutDown(KafkaRaftServer running) {
        try {
            running.shutdown();
            running.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("error while shutting down Kafka broker", e);
        }
    }

    /**
     * Configures an {@link EmbeddedKafkaBroker}; {@link #build()} does not start it.
     *
     * <p>Usage: {@code EmbeddedKafkaBroker.builder().port(0).brokerProperty("log.retention.ms", "-1").build()}
     */
    public static final class Builder {

        private int port;
        private Path dataDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets the PLAINTEXT port clients use; {@code 0} (the default) picks a free port on first start.
         *
         * <p>Usage: {@code builder.port(9092)}
         *
         * @param port a port between 0 and 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Uses {@code dir} for all broker data and keeps it on close, so data survives JVM restarts.
         * By default a new temporary dir is created and deleted on {@link EmbeddedKafkaBroker#close()}.
         *
         * <p>Usage: {@code builder.dataDir(Path.of("var/kafka"))}
         *
         * @param dir the data directory (created if missing)
         * @return this builder
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Adds or overrides one broker configuration property.
         *
         * <p>Usage: {@code builder.brokerProperty("log.retention.ms", "-1")}
         *
         * @param key   a Kafka broker config name
         * @param value its value
         * @return this builder
         */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Creates the broker (and its temporary data dir if none was given) without starting it.
         *
         * <p>Usage: {@code EmbeddedKafkaBroker kafka = builder.build();}
         *
         * @return a stopped broker
         * @throws UncheckedIOException if the temporary data dir cannot be created
         */
        public EmbeddedKafkaBroker build() {
            try {
                return new EmbeddedKafkaBroker(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create temporary Kafka data dir", e);
            }
        }
    }
}
