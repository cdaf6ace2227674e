package io.taskline.dlq;

import io.taskline.retry.QueueTopics;
import java.util.ArrayList;
import java.util.List;

/**
 * How to replay dead letters: to which queue, with which attempt count, whether to replay letters
 * already replayed, and which payload edits to make first.
 *
 * <p>Usage: {@code ReplayOptions.builder().to("emails-v2").set("to=ann@example.com").build()}.
 *
 * @param targetQueue the queue to replay to, or null for the dead letters' own queue
 * @param keepAttempts keep the failed attempt count instead of starting again at attempt 1
 * @param force replay letters the ledger says were replayed already
 * @param edits payload edits, applied in order
 * @param by who replays (recorded in the task and the ledger), or null for {@code user@host}
 */
public record ReplayOptions(String targetQueue, boolean keepAttempts, boolean force, List<PayloadEdit> edits,
                            String by) {

    /** Validates the target queue name and copies the edits. */
    public ReplayOptions {
        if (targetQueue != null) {
            QueueTopics.of(targetQueue);
        }
        edits = List.copyOf(edits);
    }

    /** Replay to the same queue, attempt reset, skipping replayed letters, no edits. */
    public static ReplayOptions defaults() {
        return builder().build();
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The queue tasks go to: {@link #targetQueue()} or {@code queue}. */
    public String targetOr(String queue) {
        return targetQueue == null ? queue : targetQueue;
    }

    /** Builds {@link ReplayOptions}. */
    public static final class Builder {
        private String targetQueue;
        private boolean keepAttempts;
        private boolean force;
        private final List<PayloadEdit> edits = new ArrayList<>();
        private String by;

        private Builder() {
        }

        /** Replay to {@code queue} instead of the dead letters' own queue ({@code --to}). */
        public Builder to(String queue) {
            this.targetQueue = queue;
            return this;
        }

        /** Keep the failed attempt count ({@code --keep-attempts}). */
        public Builder keepAttempts(boolean value) {
            this.keepAttempts = value;
            return this;
        }

        /** Replay even letters already replayed ({@code --force}). */
        public Builder force(boolean value) {
            this.force = value;
            return this;
        }

        /** Adds an edit {@code field=value} ({@code --set}); throws {@link IllegalArgumentException} quoting bad text. */
        public Builder set(String fieldEqualsValue) {
            edits.add(PayloadEdit.parse(fieldEqualsValue));
            return this;
        }

        /** Adds every {@code field=value} edit of {@code texts}. */
        public Builder sets(List<String> texts) {
            texts.forEach(this::set);
            return this;
        }

        /** Adds a parsed edit. */
        public Builder edit(PayloadEdit edit) {
            edits.add(edit);
            return this;
        }

        /** Who replays, e.g. {@code ann@ops-1}. */
        public Builder by(String value) {
            this.by = value;
            return this;
        }

        /** The options; throws {@link IllegalArgumentException} for a bad target queue name. */
        public ReplayOptions build() {
            return new ReplayOptions(targetQueue, keepAttempts, force, edits, by);
        }
    }
}
