package io.taskline.dlq;

import io.taskline.dlq.internal.BacklogProbe;
import io.taskline.dlq.internal.BacklogProbe.Backlog;
import io.taskline.retry.Durations;
import io.taskline.retry.QueueTopics;
import io.taskline.retry.RetryRelay;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Measures how far the workers of a group are behind on each queue: records not yet processed
 * and the age of the oldest, per partition, for the queue topic (the worker group's offsets),
 * each retry tier (its relay's offsets) and the dead-letter topic (whole). Reads offsets and a
 * few records; joins no group and commits nothing. Safe to share between threads (measurements
 * take turns).
 *
 * <p>Usage: {@code try (LagTracker t = LagTracker.create(settings, "taskline-worker", Clock.systemUTC())) { t.measure("emails").records(); }}
 */
public final class LagTracker implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final BacklogProbe probe;
    private final String group;
    private final Clock clock;

    private LagTracker(Admin admin, BacklogProbe probe, String group, Clock clock) {
        this.admin = admin;
        this.probe = probe;
        this.group = group;
        this.clock = clock;
    }

    /** A tracker reading the offsets of worker group {@code group} (the workers' {@code worker.group}). */
    public static LagTracker create(KafkaClientSettings settings, String group, Clock clock) {
        Admin admin = Admin.create(settings.asMap());
        try {
            return new LagTracker(admin, new BacklogProbe(settings), group, clock);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    /** The worker group whose offsets are read. */
    public String group() {
        return group;
    }

    /** Every queue on the cluster: each topic that has a dead-letter topic next to it, by name. */
    public List<String> queues() {
        Set<String> topics = topicNames();
        return topics.stream()
                .filter(t -> QueueTopics.notAQueue(t) == null && topics.contains(QueueTopics.of(t).dlq()))
                .sorted()
                .toList();
    }

    /**
     * The lag of {@code queue} now.
     *
     * @throws IllegalArgumentException when the queue topic does not exist
     */
    public QueueLag measure(String queue) {
        return measure(List.of(queue)).get(0);
    }

    /**
     * The lag of each queue now, in the order given.
     *
     * @throws IllegalArgumentException when a queue topic does not exist
     */
    public synchronized List<QueueLag> measure(List<String> queues) {
        Set<String> existing = topicNames();
        List<QueueLag> out = new ArrayList<>();
        for (String queue : queues) {
            QueueTopics names = QueueTopics.of(queue);
            if (!existing.contains(names.queue())) {
                throw new IllegalArgumentException("queue '" + queue + "' does not exist (no topic '" + names.queue() + "')");
            }
            Instant now = clock.instant();
            TopicLag queueTopic = topic(names.queue(), TopicLag.Role.QUEUE, null, group);
            List<TopicLag> tiers = new ArrayList<>();
            for (String tierTopic : tierTopics(queue, existing)) {
                String tier = tierTopic.substring(tierTopic.lastIndexOf('.') + 1);
                tiers.add(topic(tierTopic, TopicLag.Role.TIER, tier, RetryRelay.groupId(group, tierTopic)));
            }
            TopicLag dlq = existing.contains(names.dlq())
                    ? topic(names.dlq(), TopicLag.Role.DLQ, null, null)
                    : new TopicLag(names.dlq(), TopicLag.Role.DLQ, null, null, 0, List.of());
            out.add(new QueueLag(queue, now, queueTopic, tiers, dlq));
        }
        return out;
    }

    /** The tier topics of {@code queue} that exist, shortest delay first. */
    private static List<String> tierTopics(String queue, Set<String> topics) {
        String prefix = queue + ".retry.";
        return topics.stream()
                .filter(t -> t.startsWith(prefix) && isDuration(t.substring(prefix.length())))
                .sorted(Comparator.comparing(t -> Durations.parse(t.substring(prefix.length()))))
                .toList();
    }

    private static boolean isDuration(String text) {
        try {
            Durations.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private TopicLag topic(String topic, TopicLag.Role role, String tier, String consumerGroup) {
        TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> committed = consumerGroup == null ? Map.of() : committed(consumerGroup, partitions);
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition tp : partitions) {
            // Nothing committed yet: the whole retained log waits. Committed below the log start
            // (records deleted by retention before they were read): what remains waits.
            from.put(tp, Math.max(committed.getOrDefault(tp, -1L), start.get(tp)));
        }
        Map<TopicPartition, Backlog> backlogs = probe.read(from, end);
        List<PartitionLag> lags = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Backlog b = backlogs.get(tp);
            lags.add(new PartitionLag(tp.partition(), end.get(tp), committed.getOrDefault(tp, -1L), b.records(), b.oldest()));
        }
        lags.sort(Comparator.comparingInt(PartitionLag::partition));
        int members = consumerGroup == null ? 0 : members(consumerGroup);
        return new TopicLag(topic, role, tier, consumerGroup, members, lags);
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = get(admin.listOffsets(request).all());
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private Map<TopicPartition, Long> committed(String consumerGroup, List<TopicPartition> partitions) {
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
        Map<TopicPartition, OffsetAndMetadata> result;
        try {
            result = get(admin.listConsumerGroupOffsets(Map.of(consumerGroup, spec)).partitionsToOffsetAndMetadata(consumerGroup));
        } catch (GroupIdNotFoundException e) {
            return Map.of();
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        result.forEach((tp, offset) -> {
            if (offset != null) {
                out.put(tp, offset.offset());
            }
        });
        return out;
    }

    private int members(String consumerGroup) {
        try {
            ConsumerGroupDescription d = get(admin.describeConsumerGroups(List.of(consumerGroup)).describedGroups().get(consumerGroup));
            return d.members().size();
        } catch (GroupIdNotFoundException e) {
            return 0;
        }
    }

    private Set<String> topicNames() {
        return new TreeSet<>(get(admin.listTopics().names()));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while reading lag", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException(
                    "no answer from Kafka in " + TIMEOUT_SECONDS + " s while reading lag", e);
        }
    }

    @Override
    public synchronized void close() {
        probe.close();
        admin.close(Duration.ofSeconds(5));
    }
}
