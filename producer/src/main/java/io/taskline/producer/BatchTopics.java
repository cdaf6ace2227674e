package io.taskline.producer;

import io.taskline.retry.QueueTopicAdmin;
import io.taskline.retry.TopicMismatchException;
import io.taskline.schemas.SystemTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics of batches, created when missing: {@code taskline.batches} (compacted),
 * {@code taskline.batch-events} (kept as long as {@code taskline.events}) and
 * {@code taskline.batch-state} (compacted). The first two must have the same partition count: the
 * tracker reads partition i of both in one stream task, so a batch and its members' events meet.
 *
 * <p>Usage: {@code try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) { BatchTopics.ensure(admin); }}
 */
public final class BatchTopics {

    /** The partition count of each batch topic this class creates. */
    public static final int PARTITIONS = 3;
    /** How long members' re-keyed events are kept: as long as {@code taskline.events}. */
    public static final Duration EVENTS_RETENTION = Duration.ofDays(7);

    private static final Map<String, String> COMPACTED =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    private BatchTopics() {
    }

    /**
     * Creates the batch topics that are missing.
     *
     * @throws TopicMismatchException when {@code taskline.batches} and {@code taskline.batch-events}
     *     exist with different partition counts
     */
    public static void ensure(QueueTopicAdmin admin) {
        admin.ensureTopic(SystemTopics.BATCHES, PARTITIONS, COMPACTED);
        admin.ensureTopic(SystemTopics.BATCH_EVENTS, PARTITIONS,
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVENTS_RETENTION.toMillis())));
        admin.ensureTopic(SystemTopics.BATCH_STATE, PARTITIONS, COMPACTED);
        Map<String, Integer> counts = admin.describe(List.of(SystemTopics.BATCHES, SystemTopics.BATCH_EVENTS));
        if (!counts.get(SystemTopics.BATCHES).equals(counts.get(SystemTopics.BATCH_EVENTS))) {
            throw new TopicMismatchException(SystemTopics.BATCHES + " has " + counts.get(SystemTopics.BATCHES)
                    + " partitions but " + SystemTopics.BATCH_EVENTS + " has " + counts.get(SystemTopics.BATCH_EVENTS)
                    + "; they must be equal");
        }
    }
}
