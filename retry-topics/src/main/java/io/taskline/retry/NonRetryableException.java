package io.taskline.retry;

/**
 * Thrown by a handler when retrying cannot help (a malformed address, a deleted account): the
 * task goes straight to the dead-letter topic.
 *
 * <p>Usage: {@code throw new NonRetryableException("no such user " + id);}
 */
public class NonRetryableException extends RuntimeException {

    /** Creates the exception with a message for the dead letter. */
    public NonRetryableException(String message) {
        super(message);
    }

    /** Creates the exception with a message and its cause. */
    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
