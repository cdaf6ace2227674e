package io.taskline.processors;

import io.taskline.retry.Durations;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of a worker, as in a {@code taskline.properties} file. Per-queue keys are
 * {@code queue.<Q>.tiers}, {@code queue.<Q>.max.attempts}, {@code queue.<Q>.partitions},
 * {@code queue.<Q>.non.retryable}, {@code queue.<Q>.handler.<type>=<class>}, and how its tasks run
 * ({@link #queueExecution}); {@code ratelimit.<name>=50/1s} names rate limits; keys prefixed
 * {@code kafka.} pass through to the Kafka clients.
 *
 * <p>Usage: {@code new WorkerConfig(props).queueSpec("emails")}.
 */
public final class WorkerConfig extends AbstractConfig {

    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka bootstrap servers, host:port[,host:port].";
    /** The queues this worker serves. */
    public static final String QUEUES_CONFIG = "queues";
    private static final String QUEUES_DOC = "Comma-separated queues this worker serves.";
    /** The Kafka Streams application id, shared by every worker of the same queues. */
    public static final String GROUP_CONFIG = "worker.group";
    private static final String GROUP_DOC = "Consumer group (Kafka Streams application.id) of the workers.";
    /** The Kafka Streams processing guarantee. */
    public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default) or at_least_once.";
    /** How often offsets, state and output commit, in ms. */
    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often offsets, state and output records commit.";
    /** Stream threads per worker. */
    public static final String THREADS_CONFIG = "worker.threads";
    private static final String THREADS_DOC = "Kafka Streams threads in this worker; default one per core, up to 4.";
    /**
     * Stream threads by default: one per core this JVM may use, up to 4. On 2 cores, with a broker
     * on the same box, 2 threads against 1 gave 5 s retries a lateness p99 of 69-72 ms against
     * 227-247 and 50 ms tasks at concurrency 200 96% of the ideal rate against 93-94%, in full
     * bench runs (BENCHMARKS.md). A thread beyond the partitions a worker is assigned sits idle.
     */
    public static final int DEFAULT_THREADS = Math.min(Runtime.getRuntime().availableProcessors(), 4);
    /** Where state stores live on disk. */
    public static final String STATE_DIR_CONFIG = "state.dir";
    private static final String STATE_DIR_DOC = "Directory of the worker's local state stores; relative paths"
            + " start at the working directory.";
    /**
     * Where the worker keeps its state stores unless configured: under the working directory, not
     * the OS temp folder, which the OS may clear (Kafka Streams warns at every start about that),
     * so a restart finds its stores and restores only what changed.
     */
    public static final String DEFAULT_STATE_DIR = "taskline-state";
    /** How long completed task ids are remembered to skip duplicates. */
    public static final String DEDUP_WINDOW_CONFIG = "dedup.window";
    private static final String DEDUP_WINDOW_DOC = "How long a completed task id is remembered, e.g. 24h.";

    /** How late a schedule's fire time may be before its misfire policy decides. */
    public static final String MISFIRE_THRESHOLD_CONFIG = "schedule.misfire.threshold";
    private static final String MISFIRE_THRESHOLD_DOC = "A fire time later than this (e.g. after downtime) is a "
            + "misfire, handled by the schedule's policy; sooner ones just fire late, e.g. 1m.";

    /** The HTTP port of /metrics and /health; 0 turns it off. */
    public static final String METRICS_PORT_CONFIG = "metrics.port";
    private static final String METRICS_PORT_DOC = "HTTP port of /metrics and /health/live, /health/ready; 0 = off.";

    /** Suffix of a queue's tier list. */
    public static final String TIERS_SUFFIX = "tiers";
    /** Suffix of a queue's max attempts. */
    public static final String MAX_ATTEMPTS_SUFFIX = "max.attempts";
    /** Suffix of a queue's partition count, used when the worker creates its topics. */
    public static final String PARTITIONS_SUFFIX = "partitions";
    /** Suffix of a queue's non-retryable exception classes. */
    public static final String NON_RETRYABLE_SUFFIX = "non.retryable";
    /** Infix of a queue's handler class for a type: {@code queue.Q.handler.TYPE}. */
    public static final String HANDLER_INFIX = "handler.";
    /** Suffix of a queue's tasks in flight per worker. */
    public static final String CONCURRENCY_SUFFIX = "concurrency";
    /** Suffix of a queue's attempt timeout; {@code queue.Q.timeout.TYPE} sets one type's. */
    public static final String TIMEOUT_SUFFIX = "timeout";
    /** Suffix of a queue's ordering around retries: none or key. */
    public static final String ORDERING_SUFFIX = "ordering";
    /** Infix of the rate limits a type waits for: {@code queue.Q.ratelimit.TYPE=smtp,other}. */
    public static final String RATELIMIT_INFIX = "ratelimit.";

    /** How long a stopping worker lets running tasks finish before it interrupts them. */
    public static final String DRAIN_TIMEOUT_CONFIG = "worker.drain.timeout";
    private static final String DRAIN_TIMEOUT_DOC = "How long a stopping worker lets running tasks finish before it"
            + " interrupts them (they then run again on the partition's next owner), e.g. 30s.";

    /** Default commit interval: short, so events and retries show up quickly. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "localhost:9092", Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(QUEUES_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, QUEUES_DOC)
            .define(GROUP_CONFIG, Type.STRING, "taskline-worker", Importance.MEDIUM, GROUP_DOC)
            .define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, "exactly_once_v2",
                    ConfigDef.ValidString.in("exactly_once_v2", "at_least_once"), Importance.MEDIUM,
                    PROCESSING_GUARANTEE_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, DEFAULT_COMMIT_INTERVAL.toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, COMMIT_INTERVAL_MS_DOC)
            .define(THREADS_CONFIG, Type.INT, DEFAULT_THREADS, ConfigDef.Range.atLeast(1), Importance.MEDIUM, THREADS_DOC)
            .define(STATE_DIR_CONFIG, Type.STRING, DEFAULT_STATE_DIR, Importance.LOW, STATE_DIR_DOC)
            .define(DEDUP_WINDOW_CONFIG, Type.STRING, "24h", Importance.LOW, DEDUP_WINDOW_DOC)
            .define(METRICS_PORT_CONFIG, Type.INT, 0, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
                    METRICS_PORT_DOC)
            .define(MISFIRE_THRESHOLD_CONFIG, Type.STRING, "1m", Importance.LOW, MISFIRE_THRESHOLD_DOC)
            .define(DRAIN_TIMEOUT_CONFIG, Type.STRING, "30s", Importance.LOW, DRAIN_TIMEOUT_DOC);

    /** Parses and validates; throws {@link ConfigException} naming the bad key and value. */
    public WorkerConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
        for (String queue : queues()) {
            queueSpec(queue);
            queueExecution(queue);
        }
        duration(DEDUP_WINDOW_CONFIG);
        duration(MISFIRE_THRESHOLD_CONFIG);
        duration(DRAIN_TIMEOUT_CONFIG);
    }

    /** The definition of every fixed key, for docs. */
    public static ConfigDef configDef() {
        return CONFIG;
    }

    /** The queues this worker serves. */
    public List<String> queues() {
        return getList(QUEUES_CONFIG);
    }

    /** The Kafka client settings: bootstrap servers plus every {@code kafka.*} key. */
    public KafkaClientSettings kafka() {
        return KafkaClientSettings.from(getString(BOOTSTRAP_SERVERS_CONFIG), originals());
    }

    /** The retry settings of {@code queue}, from its {@code queue.<Q>.*} keys. */
    public QueueSpec queueSpec(String queue) {
        String prefix = queueKey(queue, "");
        try {
            QueueSpec spec = QueueSpec.of(queue);
            String tiers = raw(prefix + TIERS_SUFFIX);
            if (tiers != null) {
                spec = spec.withTiers(Durations.parseList(tiers)).withMaxAttempts(Durations.parseList(tiers).size() + 1);
            }
            String attempts = raw(prefix + MAX_ATTEMPTS_SUFFIX);
            if (attempts != null) {
                spec = spec.withMaxAttempts(parseInt(prefix + MAX_ATTEMPTS_SUFFIX, attempts));
            }
            String nonRetryable = raw(prefix + NON_RETRYABLE_SUFFIX);
            if (nonRetryable != null) {
                spec = spec.withNonRetryable(new HashSet<>(Arrays.asList(nonRetryable.split("\\s*,\\s*"))));
            }
            return spec;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("queue " + queue + ": " + e.getMessage());
        }
    }

    /**
     * How {@code queue}'s tasks run: {@code queue.<Q>.concurrency} (default 64),
     * {@code queue.<Q>.timeout} (default 5m) and {@code queue.<Q>.timeout.<type>},
     * {@code queue.<Q>.ordering} (none or key) and {@code queue.<Q>.ratelimit.<type>}.
     */
    public QueueExecution queueExecution(String queue) {
        QueueExecution defaults = QueueExecution.defaults();
        String concurrencyKey = queueKey(queue, CONCURRENCY_SUFFIX);
        String concurrency = raw(concurrencyKey);
        int slots = concurrency == null ? defaults.concurrency() : parseInt(concurrencyKey, concurrency);
        String timeoutKey = queueKey(queue, TIMEOUT_SUFFIX);
        Duration timeout = raw(timeoutKey) == null ? defaults.timeout() : parseDuration(timeoutKey, raw(timeoutKey));
        Map<String, Duration> typeTimeouts = new TreeMap<>();
        byPrefix(queueKey(queue, TIMEOUT_SUFFIX + ".")).forEach((type, v) ->
                typeTimeouts.put(type, parseDuration(queueKey(queue, TIMEOUT_SUFFIX + "." + type), v)));
        String orderingKey = queueKey(queue, ORDERING_SUFFIX);
        Map<String, Set<String>> typeLimits = new TreeMap<>();
        byPrefix(queueKey(queue, RATELIMIT_INFIX)).forEach((type, v) ->
                typeLimits.put(type, new LinkedHashSet<>(Arrays.asList(v.split("\\s*,\\s*")))));
        try {
            Ordering ordering = raw(orderingKey) == null ? Ordering.NONE : Ordering.parse(raw(orderingKey));
            return new QueueExecution(slots, timeout, typeTimeouts, ordering, typeLimits);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("queue " + queue + ": " + e.getMessage());
        }
    }

    /** The partition count asked for {@code queue}, if any. */
    public OptionalInt partitions(String queue) {
        String key = queueKey(queue, PARTITIONS_SUFFIX);
        String value = raw(key);
        return value == null ? OptionalInt.empty() : OptionalInt.of(parseInt(key, value));
    }

    /** The handler class named for each type of {@code queue}. */
    public Map<String, String> handlerClasses(String queue) {
        return byPrefix(queueKey(queue, HANDLER_INFIX));
    }

    /** Every key starting with {@code prefix}, by the rest of the key. */
    private Map<String, String> byPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        originalsStrings().forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v.trim());
            }
        });
        return out;
    }

    private static Duration parseDuration(String key, String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, value, e.getMessage());
        }
    }

    /** A duration-valued key such as {@code dedup.window}. */
    public Duration duration(String key) {
        try {
            return Durations.parse(getString(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, getString(key), e.getMessage());
        }
    }

    /** Every original key as a string, for handlers' {@code configure}. */
    public Map<String, String> asStrings() {
        return new HashMap<>(originalsStrings());
    }

    /** The key {@code queue.<Q>.<suffix>}. */
    public static String queueKey(String queue, String suffix) {
        return "queue." + queue + "." + suffix;
    }

    private String raw(String key) {
        Object value = originals().get(key);
        return value == null ? null : value.toString().trim();
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a whole number");
        }
    }
}
