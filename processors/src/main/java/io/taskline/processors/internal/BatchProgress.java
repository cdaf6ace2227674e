package io.taskline.processors.internal;

import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import io.taskline.schemas.BatchSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The counting of one batch as pure functions of its {@link BatchState}: a member moving from
 * one outcome to another, the batch record arriving, and when the callback is due.
 */
public final class BatchProgress {

    /** At most this many dead task ids go into a callback's summary. */
    public static final int MAX_DEAD_IDS = 100;

    private BatchProgress() {
    }

    /** A batch seen only through members' events so far: no size, nothing counted. */
    public static BatchState unknown(String batchId, Instant now) {
        return BatchState.newBuilder().setBatchId(batchId).setUpdatedAt(now).build();
    }

    /** {@code state} (or a new one, when null) with the size and callback of {@code batch}. */
    public static BatchState defined(BatchState state, Batch batch, Instant now) {
        BatchState base = state != null ? state : unknown(batch.getBatchId(), now);
        return BatchState.newBuilder(base).setSize(batch.getSize()).setCallbackId(batch.getCallbackId())
                .setCallbackQueue(batch.getCallbackQueue()).setCallbackType(batch.getCallbackType())
                .setCreatedAt(batch.getCreatedAt()).setUpdatedAt(now).build();
    }

    /** {@code state} after a member moved from {@code from} (null: not seen before) to {@code to}. */
    public static BatchState moved(BatchState state, BatchMember from, BatchMember to, Instant now) {
        BatchState.Builder next = BatchState.newBuilder(state).setUpdatedAt(now);
        add(next, from, -1);
        add(next, to, 1);
        return next.build();
    }

    private static void add(BatchState.Builder state, BatchMember member, int delta) {
        if (member == BatchMember.SUCCEEDED) {
            state.setSucceeded(state.getSucceeded() + delta);
        } else if (member == BatchMember.RETRYING) {
            state.setRetrying(state.getRetrying() + delta);
        } else if (member == BatchMember.DEAD) {
            state.setDead(state.getDead() + delta);
        }
    }

    /** True when the batch is known, every member succeeded or died, and the callback has not fired. */
    public static boolean callbackDue(BatchState state) {
        return state.getSize() != null && state.getCallbackFiredAt() == null
                && state.getSucceeded() + state.getDead() >= state.getSize();
    }

    /** The callback's payload: counts, and the dead ids given (capped at {@link #MAX_DEAD_IDS}). */
    public static BatchSummary summary(BatchState state, List<String> deadTaskIds) {
        List<String> ids = new ArrayList<>(deadTaskIds.subList(0, Math.min(MAX_DEAD_IDS, deadTaskIds.size())));
        return BatchSummary.newBuilder().setBatchId(state.getBatchId()).setSize(state.getSize())
                .setSucceeded(state.getSucceeded()).setDead(state.getDead()).setDeadTaskIds(ids).build();
    }
}
