package io.taskline.dlq;

/**
 * A replay stopped part way: the batches committed before the failure stay replayed (and
 * recorded in the ledger); the failed batch was aborted, so none of its tasks was sent.
 * Running the same replay again picks up the rest.
 *
 * <p>Usage: {@code catch (ReplayFailedException e) { print(e.partial().replayedCount() + " replayed before: " + e.getMessage()); }}
 */
public class ReplayFailedException extends RuntimeException {

    private final transient ReplayResult partial;

    /** Creates the exception with what was done before the failure. */
    public ReplayFailedException(String message, ReplayResult partial, Throwable cause) {
        super(message, cause);
        this.partial = partial;
    }

    /** What was replayed and committed before the failure. */
    public ReplayResult partial() {
        return partial;
    }
}
