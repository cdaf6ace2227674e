package io.taskline.dlq;

import io.taskline.schemas.Task;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One record of a queue's dead-letter topic, as an operator sees it: which task, why it died,
 * where it sits in the DLQ, where it came from, and whether it was replayed.
 *
 * <p>Usage: {@code reader.scan("emails", filter).letters().forEach(l -> print(l.taskId(), l.errorClass()))}.
 *
 * <p>A record that could not be decoded is still a dead letter: {@link #undecodable()} is true,
 * {@link #type()} is {@value #UNDECODABLE_TYPE}, {@link #task()} is null, the error is
 * {@code io.taskline.schemas.UndecodableRecordException} with the reason, and {@link #rawValue()}
 * holds the bytes as they were.
 */
public final class DeadLetter {

    /** The type shown for a record that could not be decoded. */
    public static final String UNDECODABLE_TYPE = "<undecodable>";

    private final String topic;
    private final int partition;
    private final long offset;
    private final String taskId;
    private final String type;
    private final String key;
    private final int attempts;
    private final Instant deadAt;
    private final String errorClass;
    private final String errorMessage;
    private final String reason;
    private final String originalTopic;
    private final Integer originalPartition;
    private final Long originalOffset;
    private final boolean undecodable;
    private final boolean replayed;
    private final Map<String, String> headers;
    private final byte[] rawKey;
    private final byte[] rawValue;
    private final Task task;

    private DeadLetter(Builder b) {
        this.topic = b.topic;
        this.partition = b.partition;
        this.offset = b.offset;
        this.taskId = b.taskId;
        this.type = b.undecodable ? UNDECODABLE_TYPE : b.type;
        this.key = b.key;
        this.attempts = b.attempts;
        this.deadAt = b.deadAt;
        this.errorClass = b.errorClass;
        this.errorMessage = b.errorMessage;
        this.reason = b.reason;
        this.originalTopic = b.originalTopic;
        this.originalPartition = b.originalPartition;
        this.originalOffset = b.originalOffset;
        this.undecodable = b.undecodable;
        this.replayed = b.replayed;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.rawKey = b.rawKey;
        this.rawValue = b.rawValue == null ? new byte[0] : b.rawValue;
        this.task = b.undecodable ? null : b.task;
    }

    /** Starts a dead letter; the reader builds them from records, tests build them by hand. */
    public static Builder builder() {
        return new Builder();
    }

    /** The dead-letter topic this record is on, e.g. {@code emails.dlq}. */
    public String topic() {
        return topic;
    }

    /** The DLQ partition. */
    public int partition() {
        return partition;
    }

    /** The DLQ offset. */
    public long offset() {
        return offset;
    }

    /** Where the record sits in the DLQ: {@code "<partition>:<offset>"}, the key of the replay ledger. */
    public String position() {
        return ReplayLedger.key(partition, offset);
    }

    /** The task id; for an undecodable record, the task-id header if any, else null. */
    public String taskId() {
        return taskId;
    }

    /** The task type, or {@value #UNDECODABLE_TYPE}. */
    public String type() {
        return type;
    }

    /** The ordering key (for an undecodable record, the record key as UTF-8), or null. */
    public String key() {
        return key;
    }

    /** How many attempts failed: the failure count, or the attempt when no failure was recorded. */
    public int attempts() {
        return attempts;
    }

    /** When the task died: the time of its last failure, else the record timestamp. */
    public Instant deadAt() {
        return deadAt;
    }

    /** The exception class of the last failure (fully qualified), or null. */
    public String errorClass() {
        return errorClass;
    }

    /** The message of the last failure, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /** Why the worker dead-lettered it (the {@code taskline.dlq.reason} header), or null. */
    public String reason() {
        return reason;
    }

    /** The topic the failed record was read from, or null when the header is missing. */
    public String originalTopic() {
        return originalTopic;
    }

    /** The partition the failed record was read from, or null. */
    public Integer originalPartition() {
        return originalPartition;
    }

    /** The offset the failed record was read from, or null. */
    public Long originalOffset() {
        return originalOffset;
    }

    /** True when the record could not be decoded as a task. */
    public boolean undecodable() {
        return undecodable;
    }

    /** True when the replay ledger records a replay of this dead letter. */
    public boolean replayed() {
        return replayed;
    }

    /** The record headers, last value per name, as UTF-8 text. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Size of the record value in bytes. */
    public int rawSize() {
        return rawValue.length;
    }

    /** A copy of the record value: the encoded envelope, or the undecodable bytes. */
    public byte[] rawValue() {
        return rawValue.clone();
    }

    /** A copy of the record key bytes, or null. */
    public byte[] rawKey() {
        return rawKey == null ? null : rawKey.clone();
    }

    /** The decoded envelope with its failures and replays, or null when undecodable. Do not modify. */
    public Task task() {
        return task;
    }

    /** A copy with {@link #replayed()} set. */
    public DeadLetter withReplayed(boolean value) {
        return value == replayed ? this : toBuilder().replayed(value).build();
    }

    /** A builder holding this letter's values. */
    public Builder toBuilder() {
        Builder b = new Builder().topic(topic).partition(partition).offset(offset).taskId(taskId).type(type).key(key)
                .attempts(attempts).deadAt(deadAt).error(errorClass, errorMessage).reason(reason)
                .original(originalTopic, originalPartition, originalOffset).undecodable(undecodable)
                .replayed(replayed).headers(headers).rawKey(rawKey).rawValue(rawValue).task(task);
        return b;
    }

    /** Equal when the same record of the same topic (position and bytes) with the same replayed flag. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && partition == d.partition && offset == d.offset && replayed == d.replayed
                && Objects.equals(topic, d.topic) && Arrays.equals(rawValue, d.rawValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + topic + " " + position() + ", task " + taskId + ", type " + type + ", key " + key
                + ", " + attempts + " attempts, dead at " + deadAt + ", " + errorClass + ": " + errorMessage
                + (replayed ? ", replayed" : "") + "}";
    }

    /** Builds a {@link DeadLetter}; unset values are null, 0 or false. */
    public static final class Builder {
        private String topic;
        private int partition;
        private long offset;
        private String taskId;
        private String type;
        private String key;
        private int attempts;
        private Instant deadAt;
        private String errorClass;
        private String errorMessage;
        private String reason;
        private String originalTopic;
        private Integer originalPartition;
        private Long originalOffset;
        private boolean undecodable;
        private boolean replayed;
        private Map<String, String> headers = Map.of();
        private byte[] rawKey;
        private byte[] rawValue;
        private Task task;

        private Builder() {
        }

        /** The DLQ topic. */
        public Builder topic(String value) {
            this.topic = value;
            return this;
        }

        /** The DLQ partition. */
        public Builder partition(int value) {
            this.partition = value;
            return this;
        }

        /** The DLQ offset. */
        public Builder offset(long value) {
            this.offset = value;
            return this;
        }

        /** The task id. */
        public Builder taskId(String value) {
            this.taskId = value;
            return this;
        }

        /** The task type (ignored for an undecodable letter). */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** The ordering key. */
        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /** The failed attempt count. */
        public Builder attempts(int value) {
            this.attempts = value;
            return this;
        }

        /** When the task died. */
        public Builder deadAt(Instant value) {
            this.deadAt = value;
            return this;
        }

        /** The last failure's exception class and message. */
        public Builder error(String errorClassName, String message) {
            this.errorClass = errorClassName;
            this.errorMessage = message;
            return this;
        }

        /** The dead-letter reason header. */
        public Builder reason(String value) {
            this.reason = value;
            return this;
        }

        /** Where the failed record was read from. */
        public Builder original(String fromTopic, Integer fromPartition, Long fromOffset) {
            this.originalTopic = fromTopic;
            this.originalPartition = fromPartition;
            this.originalOffset = fromOffset;
            return this;
        }

        /** Marks the record as undecodable. */
        public Builder undecodable(boolean value) {
            this.undecodable = value;
            return this;
        }

        /** Marks the letter as replayed. */
        public Builder replayed(boolean value) {
            this.replayed = value;
            return this;
        }

        /** The record headers as text. */
        public Builder headers(Map<String, String> value) {
            this.headers = value;
            return this;
        }

        /** The record key bytes. */
        public Builder rawKey(byte[] value) {
            this.rawKey = value;
            return this;
        }

        /** The record value bytes. */
        public Builder rawValue(byte[] value) {
            this.rawValue = value;
            return this;
        }

        /** The decoded envelope. */
        public Builder task(Task value) {
            this.task = value;
            return this;
        }

        /** The dead letter. */
        public DeadLetter build() {
            return new DeadLetter(this);
        }
    }
}
