package io.taskline.cli;

import io.taskline.producer.InvalidTaskException;
import io.taskline.producer.UnknownScheduleException;
import io.taskline.retry.TopicMismatchException;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * The exit codes of {@code taskline} and which errors are the user's input rather than a failure.
 *
 * <p>Usage: {@code return ExitCodes.of(error);}
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** A check failed, or the command could not do its work (e.g. Kafka unreachable). */
    public static final int FAILED = 1;
    /** Bad usage or bad input: unknown option, invalid task, bad config, mismatched topics. */
    public static final int BAD_INPUT = 2;

    private static final int MAX_CAUSES = 10;

    private ExitCodes() {
    }

    /** {@link #BAD_INPUT} when {@code error} or one of its causes is an input error, else {@link #FAILED}. */
    public static int of(Throwable error) {
        return inputError(error).isPresent() ? BAD_INPUT : FAILED;
    }

    /** The first error in the cause chain that says the input was wrong, if any. */
    public static Optional<Throwable> inputError(Throwable error) {
        Throwable current = error;
        for (int i = 0; current != null && i < MAX_CAUSES; i++) {
            if (isInputError(current)) {
                return Optional.of(current);
            }
            current = current.getCause();
        }
        return Optional.empty();
    }

    private static boolean isInputError(Throwable error) {
        if (error instanceof UnknownScheduleException) {
            return false; // not found, like a task id or a dead letter: a failed lookup
        }
        return error instanceof InvalidTaskException
                || error instanceof ConfigException
                || error instanceof IllegalArgumentException
                || error instanceof TopicMismatchException;
    }
}
