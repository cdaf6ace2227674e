package io.taskline.retry;

/**
 * Existing topics of a queue disagree with each other or with what was asked (partition counts).
 *
 * <p>Usage: thrown by {@link QueueTopicAdmin#ensure}; the message names every topic that differs.
 */
public class TopicMismatchException extends RuntimeException {

    /** Creates the exception with a message naming what differs. */
    public TopicMismatchException(String message) {
        super(message);
    }
}
