package io.taskline.producer;

import io.taskline.schemas.MisfirePolicy;
import java.util.Objects;
import org.apache.avro.generic.GenericContainer;

/**
 * A recurring task to add: its id, when it fires, and the task each fire publishes.
 *
 * <p>Usage: {@code ScheduleRequest.id("nightly-report").recurrence(Recurrence.cron("0 6 * * *", "Europe/Berlin"))
 * .queue("reports").type("report").payload(report).build()}.
 *
 * @param id the schedule id: letters, digits, {@code . _ -}; fired task ids are derived from it
 * @param recurrence when it fires
 * @param queue the queue its tasks are published on
 * @param type names the handler
 * @param key ordering key of its tasks, or null for the schedule id
 * @param payload an Avro specific or generic record
 * @param misfire what workers do with fire times they missed
 */
public record ScheduleRequest(String id, Recurrence recurrence, String queue, String type, String key,
                              GenericContainer payload, MisfirePolicy misfire) {

    private static final String ID_PATTERN = "[a-zA-Z0-9._-]{1,200}";

    /** Validates presence of the required parts and the id. */
    public ScheduleRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recurrence, "recurrence");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        misfire = misfire == null ? MisfirePolicy.FIRE_ONCE : misfire;
        if (!id.matches(ID_PATTERN)) {
            throw new InvalidScheduleException("'" + id + "' is not a valid schedule id (1 to 200 letters, digits, . _ -)");
        }
    }

    /** Starts a request for the schedule {@code id}. */
    public static Builder id(String id) {
        return new Builder(id);
    }

    /** Builds a {@link ScheduleRequest}. */
    public static final class Builder {
        private final String id;
        private Recurrence recurrence;
        private String queue;
        private String type;
        private String key;
        private GenericContainer payload;
        private MisfirePolicy misfire;

        private Builder(String id) {
            this.id = id;
        }

        /** When the schedule fires. */
        public Builder recurrence(Recurrence value) {
            this.recurrence = value;
            return this;
        }

        /** The queue its tasks are published on. */
        public Builder queue(String value) {
            this.queue = value;
            return this;
        }

        /** The task type, naming its handler. */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** The ordering key of its tasks (default: the schedule id). */
        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /** The payload record. */
        public Builder payload(GenericContainer value) {
            this.payload = value;
            return this;
        }

        /** What workers do with missed fire times (default {@link MisfirePolicy#FIRE_ONCE}). */
        public Builder misfire(MisfirePolicy value) {
            this.misfire = value;
            return this;
        }

        /** The request; throws {@link NullPointerException} naming a missing part. */
        public ScheduleRequest build() {
            return new ScheduleRequest(id, recurrence, queue, type, key, payload, misfire);
        }
    }
}
