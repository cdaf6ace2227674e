package io.taskline.retry;

import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates a queue's topics (the queue, its tiers, its DLQ) idempotently, and refuses when
 * existing topics disagree on the partition count, since tiers must keep a task's partition.
 *
 * <p>Usage: {@code try (QueueTopicAdmin a = QueueTopicAdmin.create(settings)) { a.ensure(spec, OptionalInt.empty()); }}
 */
public final class QueueTopicAdmin implements AutoCloseable {

    /** Partitions of a new queue when none are asked for. */
    public static final int DEFAULT_PARTITIONS = 3;
    private static final Duration WRITABLE_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    private QueueTopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** Connects an admin client with these settings. */
    public static QueueTopicAdmin create(KafkaClientSettings settings) {
        return new QueueTopicAdmin(Admin.create(settings.asMap()));
    }

    /** What {@link #ensure} did. */
    public record Result(List<String> created, List<String> existing, int partitions) {
    }

    /**
     * Creates every missing topic of {@code spec}. Without {@code partitions}, a new queue gets
     * the existing queue topic's count, or {@link #DEFAULT_PARTITIONS}.
     *
     * @throws TopicMismatchException when existing topics have other partition counts
     */
    public Result ensure(QueueSpec spec, OptionalInt partitions) {
        List<String> names = spec.topics().all(spec.tiers());
        Map<String, Integer> existing = describe(names);
        int wanted = partitions.isPresent() ? partitions.getAsInt()
                : existing.getOrDefault(spec.topics().queue(), DEFAULT_PARTITIONS);
        if (wanted < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + wanted);
        }
        List<String> mismatches = new ArrayList<>();
        existing.forEach((topic, count) -> {
            if (count != wanted) {
                mismatches.add(topic + " has " + count + " partitions, expected " + wanted);
            }
        });
        if (!mismatches.isEmpty()) {
            throw new TopicMismatchException("topics of queue " + spec.name() + " disagree: " + String.join("; ", mismatches));
        }
        List<NewTopic> toCreate = new ArrayList<>();
        short replication = replicationFactor();
        for (String name : names) {
            if (!existing.containsKey(name)) {
                NewTopic topic = new NewTopic(name, Optional.of(wanted), Optional.of(replication));
                if (name.equals(spec.topics().dlq())) {
                    topic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
                }
                toCreate.add(topic);
            }
        }
        List<String> created = create(toCreate);
        List<String> already = new ArrayList<>(names);
        already.removeAll(created);
        return new Result(created, already, wanted);
    }

    /**
     * Creates a shared topic (such as {@code taskline.events}) if it is missing.
     *
     * @return true when this call created it
     */
    public boolean ensureTopic(String name, int partitions, Map<String, String> configs) {
        if (!describe(List.of(name)).isEmpty()) {
            return false;
        }
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor())).configs(configs);
        return !create(List.of(topic)).isEmpty();
    }

    /**
     * Sets the given configs on {@code topic} where they differ, when it exists: a topic created
     * earlier (by an older version, say) keeps the configs it was created with otherwise.
     *
     * @return the keys that were changed; empty when the topic is missing or already agrees
     * @throws IllegalStateException when the cluster refuses (no AlterConfigs permission, say)
     */
    public List<String> alignConfigs(String topic, Map<String, String> wanted) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config current = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            List<AlterConfigOp> changes = new ArrayList<>();
            wanted.forEach((key, value) -> {
                ConfigEntry entry = current.get(key);
                if (entry == null || !value.equals(entry.value())) {
                    changes.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!changes.isEmpty()) {
                admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get();
            }
            return changes.stream().map(c -> c.configEntry().name()).sorted().toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw new IllegalStateException("cannot set the configs of topic " + topic + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The partition count of each named topic that exists. */
    public Map<String, Integer> describe(List<String> names) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (String name : names) {
            try {
                TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
                out.put(name, d.partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic " + name + ": " + e.getCause().getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return out;
    }

    private List<String> create(List<NewTopic> topics) {
        List<String> created = new ArrayList<>();
        for (NewTopic topic : topics) {
            try {
                admin.createTopics(List.of(topic)).all().get();
                awaitWritable(topic.name(), topic.numPartitions());
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return created;
    }

    /**
     * Waits until every partition of a new topic answers on its leader. Right after creation a
     * leader may not have opened a partition yet; an idempotent producer's first batch then fails
     * while a later one lands, and the retried first batch is refused as out of sequence for good.
     * Offsets are asked for only once the topic's metadata names a leader for every partition:
     * asked earlier, the admin client logs an ERROR (unknown topic) for what is only a wait.
     */
    private void awaitWritable(String topic, int partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + WRITABLE_TIMEOUT.toNanos();
        String waitingFor;
        while ((waitingFor = leaderless(topic, partitions)) != null) {
            if (System.nanoTime() > deadline) {
                throw notWritable(topic, waitingFor, null);
            }
            Thread.sleep(50);
        }
        while (true) {
            try {
                admin.listOffsets(request).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw notWritable(topic, e.getCause().getMessage(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Why some partition of {@code topic} has no known leader yet, or null when every one has. */
    private String leaderless(String topic, int partitions) throws InterruptedException {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            if (d.partitions().size() < partitions) {
                return d.partitions().size() + " of " + partitions + " partitions known";
            }
            return d.partitions().stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())
                    ? "a partition has no leader" : null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    private static IllegalStateException notWritable(String topic, String why, Exception cause) {
        return new IllegalStateException("topic " + topic + " was created but its partitions did not answer in "
                + WRITABLE_TIMEOUT.toSeconds() + " s: " + why, cause);
    }

    private short replicationFactor() {
        try {
            return (short) Math.min(3, admin.describeCluster().nodes().get().size());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
