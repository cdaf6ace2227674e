package io.taskline.producer;

/**
 * A task was refused before anything was sent: unknown queue, payload that does not fit its
 * schema, an incompatible schema, or too large.
 *
 * <p>Usage: {@code catch (InvalidTaskException e) { System.err.println(e.getMessage()); }}
 */
public class InvalidTaskException extends RuntimeException {

    /** Creates the exception with a message that says what is wrong. */
    public InvalidTaskException(String message) {
        super(message);
    }

    /** Creates the exception with a message and its cause. */
    public InvalidTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
