package io.taskline.processors.internal;

import io.taskline.schemas.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/** Turns an exception into the {@link Failure} entry a task carries for each failed attempt. */
public final class Failures {

    /** Longest stack trace kept per failure, in characters. */
    public static final int MAX_STACK_CHARS = 4000;
    /** Longest message kept per failure, in characters. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private Failures() {
    }

    /** The failure entry for {@code attempt}, failed at {@code at} on {@code worker}. */
    public static Failure of(int attempt, Instant at, String worker, Throwable error) {
        return Failure.newBuilder()
                .setAttempt(attempt)
                .setAt(at)
                .setWorker(worker)
                .setErrorClass(error.getClass().getName())
                // An exception without a message (e.g. most NullPointerExceptions) records "", not "null".
                .setMessage(error.getMessage() == null ? "" : message(error))
                .setStack(cut(stackOf(error), MAX_STACK_CHARS))
                .build();
    }

    /**
     * The message of {@code error}, cut at {@value #MAX_MESSAGE_CHARS} characters: a handler's
     * message (an HTTP body, say) can be any size, and the records that carry it cannot.
     */
    public static String message(Throwable error) {
        return cut(String.valueOf(error.getMessage()), MAX_MESSAGE_CHARS);
    }

    private static String stackOf(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
