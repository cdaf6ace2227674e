package io.taskline.producer;

import io.taskline.schemas.KafkaClientSettings;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of a {@link TaskPublisher}. Keys prefixed {@code kafka.} pass through to the Kafka
 * producer (SASL, TLS, timeouts).
 *
 * <p>Usage: {@code new TaskPublisherConfig(Map.of("bootstrap.servers", "localhost:9092"))}.
 */
public final class TaskPublisherConfig extends AbstractConfig {

    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port].";

    /** Largest encoded task accepted, in bytes. */
    public static final String MAX_TASK_BYTES_CONFIG = "publisher.max.task.bytes";
    private static final String MAX_TASK_BYTES_DOC = "Largest encoded task accepted before sending; larger is refused.";
    /** Default of {@link #MAX_TASK_BYTES_CONFIG}: just under Kafka's default max message size. */
    public static final int DEFAULT_MAX_TASK_BYTES = 1_000_000;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "localhost:9092", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(MAX_TASK_BYTES_CONFIG, Type.INT, DEFAULT_MAX_TASK_BYTES, ConfigDef.Range.atLeast(1024),
                    Importance.LOW, MAX_TASK_BYTES_DOC);

    /** Parses and validates; throws {@code ConfigException} naming the bad key and value. */
    public TaskPublisherConfig(Map<String, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** The definition of every key, for docs. */
    public static ConfigDef configDef() {
        return CONFIG;
    }

    /** The Kafka client settings: bootstrap servers plus every {@code kafka.*} key. */
    public KafkaClientSettings kafka() {
        return KafkaClientSettings.from(getString(BOOTSTRAP_SERVERS_CONFIG), originals());
    }
}
