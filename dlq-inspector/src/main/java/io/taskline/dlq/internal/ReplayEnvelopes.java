package io.taskline.dlq.internal;

import io.taskline.schemas.Replay;
import io.taskline.schemas.Task;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the envelope of a replayed task from its dead letter: same id, key, type and lineage
 * (workflow, parent, batch, trace, headers), failures kept as history, the attempt reset to 1
 * unless asked to keep it, and one {@link Replay} entry appended.
 *
 * <p>Usage: {@code Task again = ReplayEnvelopes.replayed(dead, payload, "emails", false, provenance);}
 */
public final class ReplayEnvelopes {

    private ReplayEnvelopes() {
    }

    /**
     * The task to republish.
     *
     * @param dead the envelope as it was dead-lettered; not modified
     * @param payload the payload bytes to carry (edited or the original)
     * @param targetQueue the queue it goes to
     * @param keepAttempts keep the failed attempt count instead of starting at 1
     * @param replay where it comes from, when and by whom
     */
    public static Task replayed(Task dead, byte[] payload, String targetQueue, boolean keepAttempts, Replay replay) {
        Task task = Task.newBuilder(dead).build();
        task.setQueue(targetQueue);
        task.setPayload(ByteBuffer.wrap(payload));
        if (!keepAttempts) {
            task.setAttempt(1);
        }
        List<Replay> replays = new ArrayList<>(task.getReplays());
        replays.add(replay);
        task.setReplays(replays);
        task.setFailures(new ArrayList<>(task.getFailures()));
        return task;
    }

    /** The provenance entry of one replay. */
    public static Replay provenance(Instant at, String dlqTopic, int partition, long offset, String by) {
        return Replay.newBuilder().setReplayedAt(at).setFromTopic(dlqTopic).setFromPartition(partition)
                .setFromOffset(offset).setBy(by).build();
    }
}
