package io.taskline.cli;

import io.taskline.schemas.KafkaClientSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings a command runs with: a properties file, overridden by {@code TASKLINE_*}
 * environment variables ({@code TASKLINE_FOO_BAR} sets {@code foo.bar}), with
 * {@code bootstrap.servers} from {@code --bootstrap-servers} when given on the command line.
 *
 * <p>Usage: {@code CliConfig config = CliConfig.load(Path.of("taskline.properties"), null, System.getenv());
 * new WorkerConfig(config.properties());}
 */
public final class CliConfig {

    /** Prefix of environment variables that set config keys. */
    public static final String ENV_PREFIX = "TASKLINE_";
    /** The key of the Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Where Kafka is when nothing says otherwise. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** Variables with the prefix that belong to the launcher script, not to the config. */
    private static final Set<String> NOT_CONFIG = Set.of("TASKLINE_JAVA_OPTS", "TASKLINE_HOME");

    private final Map<String, String> properties;

    private CliConfig(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(properties);
    }

    /**
     * Loads {@code file} (may be null), applies {@code env} overrides, then {@code bootstrapOption}
     * (may be null); {@code bootstrap.servers} defaults to {@value #DEFAULT_BOOTSTRAP_SERVERS}.
     *
     * @throws IllegalArgumentException when the file is missing or unreadable
     */
    public static CliConfig load(Path file, String bootstrapOption, Map<String, String> env) {
        Map<String, String> props = new TreeMap<>();
        if (file != null) {
            props.putAll(readFile(file));
        }
        props.putAll(fromEnvironment(env));
        if (bootstrapOption != null && !bootstrapOption.isBlank()) {
            props.put(BOOTSTRAP_SERVERS, bootstrapOption.trim());
        }
        props.putIfAbsent(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
        return new CliConfig(props);
    }

    /** The config keys the {@code TASKLINE_*} variables of {@code env} set. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !NOT_CONFIG.contains(name)) {
                out.put(keyOf(name), value);
            }
        });
        return out;
    }

    /** The config key of an environment variable: {@code TASKLINE_KAFKA_SASL_MECHANISM} is {@code kafka.sasl.mechanism}. */
    public static String keyOf(String variable) {
        return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Every key, merged. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The Kafka bootstrap servers. */
    public String bootstrapServers() {
        return properties.get(BOOTSTRAP_SERVERS);
    }

    /** Settings for Kafka clients: the bootstrap servers plus every {@code kafka.*} key. */
    public KafkaClientSettings kafka() {
        return KafkaClientSettings.from(bootstrapServers(), properties);
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file " + file + " not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> out.put(key, props.getProperty(key).trim()));
        return out;
    }
}
