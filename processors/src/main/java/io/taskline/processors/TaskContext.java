package io.taskline.processors;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a handler knows about the task it runs.
 *
 * <p>Usage: {@code mailer.send(email, ctx.idempotencyKey())}: the key is stable across attempts
 * and replays, so an external API can deduplicate.
 */
public interface TaskContext {

    /** The task id. */
    String taskId();

    /** A key that is the same for every attempt and replay of this task. */
    default String idempotencyKey() {
        return taskId();
    }

    /** The queue the task came from. */
    String queue();

    /** The task type. */
    String type();

    /** The ordering key, or null. */
    String key();

    /** This attempt, 1-based. */
    int attempt();

    /** How many attempts the task gets in all. */
    int maxAttempts();

    /** When the task was first published. */
    Instant enqueuedAt();

    /** When the task was due: its run time if it was delayed, else when it was first published. */
    default Instant runAt() {
        return enqueuedAt();
    }

    /** The string headers the publisher put in the envelope. */
    Map<String, String> headers();

    /**
     * For a step of a chain: hands {@code result} (a generated Avro record) to the next step, which
     * reads it with {@link #parentResult(Class)}. The last call before the handler returns counts.
     */
    default void result(SpecificRecord result) {
        throw new UnsupportedOperationException("this context takes no result");
    }

    /** For a step of a chain: hands plain bytes to the next step ({@link #parentResultBytes()}). */
    default void result(byte[] result) {
        throw new UnsupportedOperationException("this context takes no result");
    }

    /**
     * The result the previous step of this chain handed over as an Avro record of {@code type};
     * empty for the first step, or when it handed over nothing.
     *
     * @throws IllegalStateException when the previous step's result is plain bytes or another record
     */
    default <T extends SpecificRecord> Optional<T> parentResult(Class<T> type) {
        return Optional.empty();
    }

    /** The bytes the previous step handed over with {@link #result(byte[])}, if it did. */
    default Optional<byte[]> parentResultBytes() {
        return Optional.empty();
    }

    /** The id of the previous step of this chain, empty for a task that is not a later step. */
    default Optional<String> parentId() {
        return Optional.empty();
    }

    /** The id shared by every step of this task's chain, if it is part of one. */
    default Optional<String> workflowId() {
        return Optional.empty();
    }

    /**
     * Moves this attempt's deadline to {@code from now + extension}, like renewing a lease: a long
     * task that makes progress calls it before its timeout. Past the deadline the attempt fails
     * with {@link TaskTimeoutException}.
     */
    default void extendTimeout(Duration extension) {
    }

    /** How long this attempt may still run before it times out; empty where no timeout applies. */
    default Optional<Duration> remainingTime() {
        return Optional.empty();
    }
}
