package io.taskline.producer;

/**
 * No schedule has the id asked for (it was never added, or was removed). The CLI exits 1 for it,
 * as for a task id or a dead letter it cannot find, not 2 as for a schedule it refuses.
 *
 * <p>Usage: {@code catch (UnknownScheduleException e) { System.err.println(e.getMessage()); }}
 */
public class UnknownScheduleException extends InvalidScheduleException {

    /** Creates the exception for the schedule {@code id}. */
    public UnknownScheduleException(String id) {
        super("unknown schedule '" + id + "' (see `taskline schedule list`)");
    }
}
