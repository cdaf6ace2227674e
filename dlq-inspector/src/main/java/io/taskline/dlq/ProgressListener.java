package io.taskline.dlq;

/**
 * Told how far a long operation (a DLQ scan, a replay) has come, so a CLI can draw a progress
 * bar. Called on the caller's thread, at most once per fetched or committed batch.
 *
 * <p>Usage: {@code replayer.replay(plan, (done, total) -> bar.update(done, total));}
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every update. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * Reports progress.
     *
     * @param done offsets read (records plus Kafka's transaction markers), or dead letters
     *     replayed, so far; equal to {@code total} at the end
     * @param total offsets to read, or dead letters to replay, in all
     */
    void update(long done, long total);
}
