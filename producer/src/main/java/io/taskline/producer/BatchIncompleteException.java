package io.taskline.producer;

import java.util.List;

/**
 * Some members of a batch could not be sent (the others were): the batch is recorded and waits
 * for every member, so publish the members named here again under the same batch id, with the
 * same task ids. Members that did arrive are not run twice; the callback fires once all are done.
 *
 * <p>Usage: {@code catch (CompletionException e) { if (e.getCause() instanceof BatchIncompleteException b) retry(b.batchId(), b.unsentIds()); }}
 */
public class BatchIncompleteException extends RuntimeException {

    private final String batchId;
    private final List<String> unsentIds;

    /** Members {@code unsentIds} of batch {@code batchId} were not sent; {@code cause} is the first failure. */
    public BatchIncompleteException(String batchId, List<String> unsentIds, int members, Throwable cause) {
        super(unsentIds.size() + " of " + members + " members of batch " + batchId + " were not sent (first: "
                + unsentIds.get(0) + ": " + cause.getMessage() + "); publish them again with batch id " + batchId
                + " and the same task ids", cause);
        this.batchId = batchId;
        this.unsentIds = List.copyOf(unsentIds);
    }

    /** The batch the members belong to, to publish them again under. */
    public String batchId() {
        return batchId;
    }

    /** The ids of the members that were not sent, in the order they were given. */
    public List<String> unsentIds() {
        return unsentIds;
    }
}
