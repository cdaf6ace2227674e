package io.taskline.dlq;

import io.taskline.schemas.KafkaClientSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of the dead-letter tools: where Kafka is, which payload fields to hide, how many
 * tasks one replay transaction carries. Keys prefixed {@code kafka.} pass through to the Kafka
 * clients (SASL, TLS, timeouts).
 *
 * <p>Usage: {@code new DeadLetterConfig(Map.of("bootstrap.servers", "localhost:9092", "redact.fields", "password,ssn"))}.
 */
public final class DeadLetterConfig extends AbstractConfig {

    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port].";

    /** Field names whose values print as {@code ***}. */
    public static final String REDACT_FIELDS_CONFIG = "redact.fields";
    private static final String REDACT_FIELDS_DOC = "Comma-separated field names (case-sensitive) whose values are"
            + " shown as *** wherever they occur in a payload or envelope.";

    /** Dead letters replayed per Kafka transaction. */
    public static final String REPLAY_BATCH_SIZE_CONFIG = "dlq.replay.batch.size";
    private static final String REPLAY_BATCH_SIZE_DOC = "Dead letters replayed per Kafka transaction; each batch"
            + " commits its tasks and their replay-ledger entries together.";
    /** Default of {@link #REPLAY_BATCH_SIZE_CONFIG}. */
    public static final int DEFAULT_REPLAY_BATCH_SIZE = 500;

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "localhost:9092", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(REDACT_FIELDS_CONFIG, Type.LIST, "", Importance.MEDIUM, REDACT_FIELDS_DOC)
            .define(REPLAY_BATCH_SIZE_CONFIG, Type.INT, DEFAULT_REPLAY_BATCH_SIZE, ConfigDef.Range.between(1, 100_000),
                    Importance.LOW, REPLAY_BATCH_SIZE_DOC);

    /** Parses and validates; throws {@code ConfigException} naming the bad key and value. */
    public DeadLetterConfig(Map<?, ?> originals) {
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

    /** The field names to redact. */
    public List<String> redactFields() {
        return getList(REDACT_FIELDS_CONFIG);
    }

    /** Dead letters per replay transaction. */
    public int replayBatchSize() {
        return getInt(REPLAY_BATCH_SIZE_CONFIG);
    }
}
