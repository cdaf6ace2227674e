package io.taskline.processors.internal;

import io.taskline.processors.WorkerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The keys of a worker's properties that look like Taskline's or Kafka's but are neither: most
 * likely typos, which would otherwise be ignored without a word ({@code queue.emails.concurency},
 * {@code kafka.securty.protocol}, which leaves SASL off). Keys outside those namespaces are left
 * alone: they may be a handler's own ({@code smtp.host}).
 *
 * <p>Usage: {@code UnknownKeys.of(props, definedKeys, queues).forEach(k -> log.warn(...))}
 */
public final class UnknownKeys {

    /** Top-level prefixes of Taskline's own keys: an undefined key under one is a typo. */
    private static final List<String> OWN_PREFIXES = List.of("worker.", "metrics.", "dedup.", "processing.",
            "commit.", "state.", "schedule.", "queue.", "bootstrap.");
    private static final List<String> QUEUE_SUFFIXES = List.of(WorkerConfig.TIERS_SUFFIX, WorkerConfig.MAX_ATTEMPTS_SUFFIX,
            WorkerConfig.PARTITIONS_SUFFIX, WorkerConfig.NON_RETRYABLE_SUFFIX, WorkerConfig.CONCURRENCY_SUFFIX,
            WorkerConfig.TIMEOUT_SUFFIX, WorkerConfig.ORDERING_SUFFIX);
    private static final List<String> QUEUE_INFIXES = List.of(WorkerConfig.HANDLER_INFIX, WorkerConfig.RATELIMIT_INFIX,
            WorkerConfig.TIMEOUT_SUFFIX + ".");
    /** Kafka Streams' prefixes for one of its clients, or for its internal topics. */
    private static final List<String> STREAMS_PREFIXES = List.of(StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX,
            StreamsConfig.CLIENT_TAG_PREFIX, "config.providers.");
    private static final Set<String> KAFKA_KEYS = kafkaKeys();

    private UnknownKeys() {
    }

    /** The suspicious keys of {@code props}, sorted; {@code defined} are the worker's own, {@code queues} those it serves. */
    public static List<String> of(Map<String, ?> props, Set<String> defined, List<String> queues) {
        List<String> out = new ArrayList<>();
        for (String key : props.keySet()) {
            if (!defined.contains(key) && !known(key, queues)) {
                out.add(key);
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean known(String key, List<String> queues) {
        if (key.startsWith("kafka.")) {
            return kafkaKey(key.substring("kafka.".length()));
        }
        if (key.startsWith(RateLimitSpec.KEY_PREFIX)) {
            return true; // checked when the limits are read
        }
        if (key.startsWith("queue.")) {
            return queueKey(key, queues);
        }
        return OWN_PREFIXES.stream().noneMatch(key::startsWith);
    }

    private static boolean queueKey(String key, List<String> queues) {
        // Queue names may hold dots (emails, emails.bulk): any queue whose keys these could be.
        for (String queue : queues) {
            String prefix = "queue." + queue + ".";
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                if (QUEUE_SUFFIXES.contains(rest) || QUEUE_INFIXES.stream()
                        .anyMatch(infix -> rest.startsWith(infix) && rest.length() > infix.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean kafkaKey(String key) {
        if (KAFKA_KEYS.contains(key)) {
            return true;
        }
        for (String prefix : STREAMS_PREFIXES) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                return prefix.equals(StreamsConfig.TOPIC_PREFIX) || prefix.equals("config.providers.")
                        || prefix.equals(StreamsConfig.CLIENT_TAG_PREFIX) || KAFKA_KEYS.contains(rest);
            }
        }
        return false;
    }

    private static Set<String> kafkaKeys() {
        Set<String> keys = new HashSet<>();
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.addAll(StreamsConfig.configDef().names());
        keys.add("config.providers");
        return keys;
    }
}
