package io.taskline.processors;

import java.util.Map;

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
     * Receives the worker's configuration once, before the first task, for handlers created from
     * a class name in the worker properties (e.g. an SMTP host).
     */
    default void configure(Map<String, String> workerConfig) {
    }
}
