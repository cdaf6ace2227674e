package io.taskline.producer;

/**
 * A schedule was refused before anything was written, or names no schedule: a bad id, a cron
 * expression that never fires, an unknown schedule id.
 *
 * <p>Usage: {@code catch (InvalidScheduleException e) { System.err.println(e.getMessage()); }}
 */
public class InvalidScheduleException extends IllegalArgumentException {

    /** Creates the exception with a message that says what is wrong. */
    public InvalidScheduleException(String message) {
        super(message);
    }
}
