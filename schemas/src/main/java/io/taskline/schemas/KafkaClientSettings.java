package io.taskline.schemas;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings every Kafka client of Taskline starts from: {@code bootstrap.servers} plus every
 * {@code kafka.*} key with the prefix removed (SASL, TLS, timeouts).
 *
 * <p>Usage: {@code new KafkaProducer<>(settings.with(ProducerConfig.ACKS_CONFIG, "all"), ...)}.
 * {@link #toString()} masks secrets, so the settings may be logged.
 */
public final class KafkaClientSettings {

    /** The prefix of keys passed through to the Kafka clients. */
    public static final String PREFIX = "kafka.";

    private final Map<String, Object> properties;

    private KafkaClientSettings(Map<String, Object> properties) {
        this.properties = Collections.unmodifiableMap(properties);
    }

    /** Settings that only name the bootstrap servers. */
    public static KafkaClientSettings of(String bootstrapServers) {
        return from(bootstrapServers, Map.of());
    }

    /**
     * Settings from a Taskline config map: its {@code kafka.*} keys, stripped of the prefix, over
     * {@code bootstrapServers}; a {@code kafka.bootstrap.servers} key wins.
     */
    public static KafkaClientSettings from(String bootstrapServers, Map<String, ?> config) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        config.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && value != null) {
                props.put(key.substring(PREFIX.length()), value);
            }
        });
        return new KafkaClientSettings(props);
    }

    /** The bootstrap servers. */
    public String bootstrapServers() {
        return String.valueOf(properties.get("bootstrap.servers"));
    }

    /** A copy of the settings with {@code key} set, for one client. */
    public Map<String, Object> with(String key, Object value) {
        Map<String, Object> copy = new HashMap<>(properties);
        copy.put(key, value);
        return copy;
    }

    /** A copy of the settings with {@code overrides} applied, for one client. */
    public Map<String, Object> with(Map<String, ?> overrides) {
        Map<String, Object> copy = new HashMap<>(properties);
        copy.putAll(overrides);
        return copy;
    }

    /** The settings as a mutable copy. */
    public Map<String, Object> asMap() {
        return new HashMap<>(properties);
    }

    /**
     * The settings as Taskline config keys, the inverse of {@link #from}: {@code bootstrap.servers}
     * and every key under {@code kafka.}, for a component that takes a config map (a worker, a
     * publisher) and must reach the same cluster with the same security settings.
     */
    public Map<String, Object> asConfig() {
        Map<String, Object> config = new HashMap<>();
        properties.forEach((key, value) -> config.put(PREFIX + key, value));
        config.put("bootstrap.servers", bootstrapServers());
        return config;
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key, isSecret(key) ? "[hidden]" : value));
        return shown.toString();
    }

    /** True for keys whose values must never reach a log: passwords, JAAS configs, keys. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret")
                || k.contains("credential") || k.endsWith(".key") || k.contains("token");
    }
}
