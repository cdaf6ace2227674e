package io.taskline.processors;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * User code for one task type: gets the decoded payload and the task's context. Returning
 * normally is success; throwing is a failed attempt (a {@code NonRetryableException} skips the
 * retries and goes straight to the dead-letter topic).
 *
 * <p>Usage:
 * <pre>{@code
 * public final class WelcomeEmailHandler implements TaskHandler<WelcomeEmail> {
 *     public Class<WelcomeEmail> payloadType() { return WelcomeEmail.class; }
 *     public void handle(WelcomeEmail email, TaskContext ctx) { mailer.send(email.getTo(), ...); }
 * }
 * }</pre>
 *
 * @param <P> the payload: a class generated from an Avro schema
 */
public interface TaskHandler<P> {

    /** The generated Avro class of the payload; its schema is the reader schema. */
    Class<P> payloadType();

    /** Runs one attempt of a task. */
    void handle(P payload, TaskContext context) throws Exception;

    /**
     * Runs one attempt without holding a worker thread while it waits: a handler that calls an
     * asynchronous client overrides this and returns the client's stage; the attempt ends when
     * the stage completes (exceptionally = failed). The default runs {@link #handle} on the
     * worker's task pool.
     */
    default CompletionStage<Void> handleAsync(P payload, TaskContext context) throws Exception {
        handle(payload, context);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The named rate limits ({@code ratelimit.<name>=50/1s} in the worker config) every attempt
     * of this type waits for before it starts. Waiting is not an attempt and never fails the task.
     */
    default Set<String> rateLimits() {
        return Set.of();
    }

    /**
     * Receives the worker's configuration once, before the first task, for handlers created from
     * a class name in the worker properties (e.g. an SMTP host).
     */
    default void configure(Map<String, String> workerConfig) {
    }
}
