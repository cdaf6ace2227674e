package io.taskline.dlq;

import io.taskline.dlq.internal.LedgerJson;
import io.taskline.dlq.internal.TopicScan;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The record of every replay of a queue's dead letters: the compacted topic {@code Q.dlq.replayed},
 * keyed by the dead letter's {@code "<partition>:<offset>"} in {@code Q.dlq}, with a small JSON
 * value saying when, to where and by whom. The replayer writes an entry in the same transaction
 * as the replayed task, so an entry exists exactly when the task was sent.
 *
 * <p>Usage: {@code Set<String> done = ReplayLedger.of(settings).replayed("emails"); done.contains(letter.position())}.
 */
public final class ReplayLedger {

    /** Suffix of the ledger topic after the DLQ topic's name. */
    public static final String SUFFIX = ".replayed";

    private final KafkaClientSettings settings;

    private ReplayLedger(KafkaClientSettings settings) {
        this.settings = settings;
    }

    /** A ledger reader and topic creator connecting with {@code settings}; holds no connection. */
    public static ReplayLedger of(KafkaClientSettings settings) {
        return new ReplayLedger(settings);
    }

    /** The ledger topic of {@code queue}: {@code Q.dlq.replayed}. */
    public static String topicOf(String queue) {
        return QueueTopics.of(queue).dlq() + SUFFIX;
    }

    /** The ledger key of a dead letter: {@code "<partition>:<offset>"}. */
    public static String key(int partition, long offset) {
        return partition + ":" + offset;
    }

    /**
     * One replay of a dead letter.
     *
     * @param replayedAt when it was replayed
     * @param to the queue it was replayed to
     * @param partition the partition of the replayed task
     * @param offset the offset of the replayed task
     * @param taskId the task id
     * @param by who replayed it (user@host), or null
     */
    public record Entry(Instant replayedAt, String to, Integer partition, Long offset, String taskId, String by) {
    }

    /** Every entry of the ledger of {@code queue}, by dead-letter position; empty when there is no ledger yet. */
    public Map<String, Entry> read(String queue) {
        Map<String, Entry> out = new HashMap<>();
        new TopicScan(settings).readAll(topicOf(queue), record -> {
            if (record.key() == null) {
                return;
            }
            String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                out.remove(key);
            } else {
                out.put(key, LedgerJson.read(record.value()));
            }
        }, ProgressListener.NONE);
        return out;
    }

    /**
     * True when {@code entries} record a replay of {@code letter}: an entry at its position for
     * the same task id. The id check keeps a ledger that outlived its DLQ (deleted and created
     * again, offsets starting over) from marking new dead letters as replayed.
     */
    static boolean isReplayed(Map<String, Entry> entries, DeadLetter letter) {
        Entry entry = entries.get(letter.position());
        return entry != null && (entry.taskId() == null || letter.taskId() == null
                || entry.taskId().equals(letter.taskId()));
    }

    /** The positions of every replayed dead letter of {@code queue}. */
    public Set<String> replayed(String queue) {
        return read(queue).keySet();
    }

    /**
     * Creates the ledger topic of {@code queue} if missing: compacted, with as many partitions as
     * the DLQ, replication min(3, brokers).
     *
     * @return true when this call created it
     * @throws IllegalArgumentException when the queue has no dead-letter topic
     */
    public boolean ensureTopic(String queue) {
        String dlq = QueueTopics.of(queue).dlq();
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            Integer partitions = admin.describe(List.of(dlq)).get(dlq);
            if (partitions == null) {
                throw new IllegalArgumentException("queue '" + queue + "' has no dead-letter topic " + dlq
                        + ": create its topics with `taskline topics create --queue " + queue + "`");
            }
            return admin.ensureTopic(topicOf(queue), partitions,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
    }
}
