package io.taskline.producer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericContainer;

/**
 * One task to publish: its queue, type, payload and options.
 *
 * <p>Usage: {@code TaskRequest.to("emails").type("welcome-email").key("u-1").payload(email).build()};
 * add {@code .delay(Duration.ofSeconds(30))} or {@code .runAt(instant)} to run it later.
 *
 * @param queue the queue to publish on
 * @param type names the handler
 * @param key ordering key, or null
 * @param id idempotency key, or null for a new UUID
 * @param payload an Avro specific or generic record
 * @param maxAttempts overrides the queue's max attempts, or null
 * @param expiresAt after this instant the task is not run, or null
 * @param headers free-form string headers carried in the envelope
 * @param runTime when the task runs: now, after a delay, or at a time
 */
public record TaskRequest(String queue, String type, String key, String id, GenericContainer payload,
                          Integer maxAttempts, Instant expiresAt, Map<String, String> headers, RunTime runTime) {

    /** Validates presence of the required parts. */
    public TaskRequest {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        headers = Map.copyOf(headers);
        runTime = runTime == null ? RunTime.now() : runTime;
    }

    /** Starts a request for {@code queue}. */
    public static Builder to(String queue) {
        return new Builder(queue);
    }

    /** Builds a {@link TaskRequest}. */
    public static final class Builder {
        private final String queue;
        private String type;
        private String key;
        private String id;
        private GenericContainer payload;
        private Integer maxAttempts;
        private Instant expiresAt;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration delay;
        private Instant runAt;
        private RunTime runTime;

        private Builder(String queue) {
            this.queue = queue;
        }

        /** The task type, naming its handler. */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** The ordering key. */
        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /** A caller-supplied task id (idempotency key). */
        public Builder id(String value) {
            this.id = value;
            return this;
        }

        /** The payload record. */
        public Builder payload(GenericContainer value) {
            this.payload = value;
            return this;
        }

        /** Overrides the queue's max attempts for this task. */
        public Builder maxAttempts(int value) {
            this.maxAttempts = value;
            return this;
        }

        /** Do not run the task after this instant. */
        public Builder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        /** Adds a string header to the envelope. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Run the task this long after it is published, e.g. {@code Duration.ofSeconds(30)}; null for now. */
        public Builder delay(Duration value) {
            this.delay = value;
            return this;
        }

        /** Run the task at this instant (one that has passed runs at once); null for now. */
        public Builder runAt(Instant value) {
            this.runAt = value;
            return this;
        }

        /** When the task runs, e.g. {@code RunTime.after(Duration.ofMinutes(5))}; instead of a delay or run time. */
        public Builder runTime(RunTime value) {
            this.runTime = value;
            return this;
        }

        /**
         * The request; throws {@link NullPointerException} naming a missing part, and
         * {@link InvalidTaskException} for both a delay and a run time or a delay out of range.
         */
        public TaskRequest build() {
            RunTime when = RunTime.of(delay, runAt);
            if (runTime != null && runTime.isDelayed()) {
                if (when.isDelayed()) {
                    throw new InvalidTaskException(RunTime.BOTH);
                }
                when = runTime;
            }
            return new TaskRequest(queue, type, key, id, payload, maxAttempts, expiresAt, headers, when);
        }
    }
}
