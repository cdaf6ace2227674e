package io.taskline.producer;

import io.taskline.schemas.Batch;
import io.taskline.schemas.BatchState;
import java.time.Instant;

/**
 * Where a batch stands: how many members succeeded, wait in a retry tier, died or are still
 * pending (waiting or running), and whether its callback fired.
 *
 * <p>Usage: {@code reader.status(batchId).map(BatchStatus::complete)}.
 *
 * @param batchId the batch id
 * @param size how many members it has
 * @param succeeded members whose last outcome is success
 * @param retrying members waiting in a retry tier
 * @param dead members that are dead letters (until replayed)
 * @param callbackId the callback task's id
 * @param callbackQueue the callback task's queue
 * @param callbackType the callback task's type
 * @param createdAt when the batch was published
 * @param updatedAt when the tracker last counted a change, or null when it has not seen the batch yet
 * @param callbackFiredAt when the callback was published, or null
 * @param tracked false while no tracker has read the batch (no worker serving the callback queue has run since)
 */
public record BatchStatus(String batchId, int size, int succeeded, int retrying, int dead, String callbackId,
                          String callbackQueue, String callbackType, Instant createdAt, Instant updatedAt,
                          Instant callbackFiredAt, boolean tracked) {

    /** The status a tracker wrote; {@code state} must carry its batch's size. */
    public static BatchStatus of(BatchState state) {
        if (state.getSize() == null) {
            throw new IllegalArgumentException("batch " + state.getBatchId() + " has no size yet");
        }
        return new BatchStatus(state.getBatchId(), state.getSize(), state.getSucceeded(), state.getRetrying(),
                state.getDead(), state.getCallbackId(), state.getCallbackQueue(), state.getCallbackType(),
                state.getCreatedAt(), state.getUpdatedAt(), state.getCallbackFiredAt(), true);
    }

    /** A batch that was published but that no tracker has counted yet: every member pending. */
    public static BatchStatus untracked(Batch batch) {
        return new BatchStatus(batch.getBatchId(), batch.getSize(), 0, 0, 0, batch.getCallbackId(),
                batch.getCallbackQueue(), batch.getCallbackType(), batch.getCreatedAt(), null, null, false);
    }

    /** Members neither succeeded, retrying nor dead: waiting to run or running. */
    public int pending() {
        return Math.max(0, size - succeeded - retrying - dead);
    }

    /** True when every member succeeded or died. */
    public boolean complete() {
        return succeeded + dead >= size;
    }

    /** True once the callback was published. */
    public boolean callbackFired() {
        return callbackFiredAt != null;
    }
}
