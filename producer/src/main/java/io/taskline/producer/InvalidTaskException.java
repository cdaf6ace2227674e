package io.taskline.producer;

/**
 * A task was refused before anything was sent: unknown queue, payload that does not fit its
 * schema, an incompatible schema, or too large.
 *
 * <p>Usage: {@code catch (InvalidTaskException e) { System.err.println(e.getMessage()); }}
 */
public class InvalidTaskException extends RuntimeException {

    private final int taskIndex;

    /** Creates the exception with a message that says what is wrong. */
    public InvalidTaskException(String message) {
        super(message);
        this.taskIndex = -1;
    }

    /** Creates the exception with a message and its cause. */
    public InvalidTaskException(String message, Throwable cause) {
        super(message, cause);
        this.taskIndex = -1;
    }

    /** Creates the exception for the task at {@code index} (0-based) of a {@code publishAll} call. */
    public InvalidTaskException(int index, InvalidTaskException cause) {
        super("task " + index + ": " + cause.getMessage(), cause);
        this.taskIndex = index;
    }

    /** The 0-based index of the refused task in a {@code publishAll} call, if it came from one. */
    public java.util.OptionalInt taskIndex() {
        return taskIndex < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(taskIndex);
    }

    /** The reason alone, without the task index. */
    public String reason() {
        return taskIndex < 0 ? getMessage() : getCause().getMessage();
    }
}
