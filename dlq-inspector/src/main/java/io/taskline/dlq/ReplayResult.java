package io.taskline.dlq;

import java.time.Duration;
import java.util.List;

/**
 * What a replay did: each task republished, with where it came from and where it went, and each
 * dead letter skipped, with why.
 *
 * <p>Usage: {@code ReplayResult r = replayer.replay(plan, progress); print(r.replayedCount() + " replayed");}
 *
 * @param queue the queue whose dead letters were replayed
 * @param targetQueue the queue the tasks went to
 * @param replayed every republished task
 * @param skipped every matching dead letter not republished
 * @param took how long the replay took
 */
public record ReplayResult(String queue, String targetQueue, List<Replayed> replayed, List<Skipped> skipped,
                           Duration took) {

    /** Copies the lists. */
    public ReplayResult {
        replayed = List.copyOf(replayed);
        skipped = List.copyOf(skipped);
    }

    /** Tasks republished. */
    public int replayedCount() {
        return replayed.size();
    }

    /** Dead letters skipped because they had been replayed before. */
    public int skippedAlreadyReplayed() {
        return count(SkipReason.ALREADY_REPLAYED);
    }

    /** Dead letters skipped because they cannot be decoded. */
    public int skippedUndecodable() {
        return count(SkipReason.UNDECODABLE);
    }

    private int count(SkipReason reason) {
        return (int) skipped.stream().filter(s -> s.reason() == reason).count();
    }

    /**
     * One republished task.
     *
     * @param taskId the task id (unchanged by the replay)
     * @param dlqPartition the dead letter's DLQ partition
     * @param dlqOffset the dead letter's DLQ offset
     * @param partition the partition of the target queue it went to
     * @param offset its offset there
     */
    public record Replayed(String taskId, int dlqPartition, long dlqOffset, int partition, long offset) {
    }

    /** Why a matching dead letter was not republished. */
    public enum SkipReason {
        /** The ledger records an earlier replay, and the replay was not forced. */
        ALREADY_REPLAYED,
        /** The record is not a decodable task. */
        UNDECODABLE
    }

    /**
     * One dead letter not republished.
     *
     * @param taskId the task id, or null when unknown
     * @param dlqPartition the DLQ partition
     * @param dlqOffset the DLQ offset
     * @param reason why
     * @param detail the undecodable reason, or when it was replayed before
     */
    public record Skipped(String taskId, int dlqPartition, long dlqOffset, SkipReason reason, String detail) {
    }
}
