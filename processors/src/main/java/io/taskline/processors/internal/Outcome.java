package io.taskline.processors.internal;

/** How one attempt ended. */
public sealed interface Outcome {

    /** The handler returned normally after {@code durationMs}. */
    record Succeeded(long durationMs) implements Outcome {
    }

    /** The handler threw {@code error} after {@code durationMs}. */
    record Failed(Throwable error, long durationMs) implements Outcome {
    }
}
