package io.taskline.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which dead letters to list or replay. Every criterion that is set must match (they AND
 * together); an empty filter matches every dead letter.
 *
 * <p>Usage: {@code DeadLetterFilter.builder().type("welcome-email").since(parser.parse("2h")).build()}.
 *
 * <ul>
 *   <li>{@code type}, {@code key}, {@code id}: equal to the letter's type, key, task id;</li>
 *   <li>{@code errorText}: a case-insensitive substring of the last error's class or message;</li>
 *   <li>{@code errorClass}: the last error's class, fully qualified or by simple name;</li>
 *   <li>{@code since} (inclusive) and {@code until} (exclusive): bounds on {@link DeadLetter#deadAt()}.</li>
 * </ul>
 */
public final class DeadLetterFilter {

    private static final DeadLetterFilter ALL = builder().build();

    private final String type;
    private final String key;
    private final String errorText;
    private final String errorTextLower;
    private final String errorClass;
    private final Instant since;
    private final Instant until;
    private final String id;

    private DeadLetterFilter(Builder b) {
        this.type = b.type;
        this.key = b.key;
        this.errorText = b.errorText;
        this.errorTextLower = b.errorText == null ? null : b.errorText.toLowerCase(Locale.ROOT);
        this.errorClass = b.errorClass;
        this.since = b.since;
        this.until = b.until;
        this.id = b.id;
    }

    /** The filter that matches every dead letter. */
    public static DeadLetterFilter all() {
        return ALL;
    }

    /** Starts an empty filter. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when every criterion that is set matches {@code letter}. */
    public boolean matches(DeadLetter letter) {
        return (type == null || type.equals(letter.type()))
                && (key == null || key.equals(letter.key()))
                && (id == null || id.equals(letter.taskId()))
                && (errorClass == null || errorClassMatches(letter.errorClass()))
                && (errorTextLower == null || contains(letter.errorClass()) || contains(letter.errorMessage()))
                && (since == null || letter.deadAt() != null && !letter.deadAt().isBefore(since))
                && (until == null || letter.deadAt() != null && letter.deadAt().isBefore(until));
    }

    private boolean errorClassMatches(String actual) {
        if (actual == null) {
            return false;
        }
        if (actual.equals(errorClass)) {
            return true;
        }
        String simple = actual.substring(actual.lastIndexOf('.') + 1);
        return simple.equals(errorClass) || simple.substring(simple.lastIndexOf('$') + 1).equals(errorClass);
    }

    private boolean contains(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(errorTextLower);
    }

    /** True when no criterion is set. */
    public boolean isEmpty() {
        return type == null && key == null && errorText == null && errorClass == null && since == null
                && until == null && id == null;
    }

    /** The task type to match, or null. */
    public String type() {
        return type;
    }

    /** The ordering key to match, or null. */
    public String key() {
        return key;
    }

    /** The error substring to match, or null. */
    public String errorText() {
        return errorText;
    }

    /** The error class to match, or null. */
    public String errorClass() {
        return errorClass;
    }

    /** The earliest dead-at time, inclusive, or null. */
    public Instant since() {
        return since;
    }

    /** The latest dead-at time, exclusive, or null. */
    public Instant until() {
        return until;
    }

    /** The task id to match, or null. */
    public String id() {
        return id;
    }

    /** A copy builder. */
    public Builder toBuilder() {
        return builder().type(type).key(key).errorText(errorText).errorClass(errorClass).since(since).until(until)
                .id(id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetterFilter f && Objects.equals(type, f.type) && Objects.equals(key, f.key)
                && Objects.equals(errorText, f.errorText) && Objects.equals(errorClass, f.errorClass)
                && Objects.equals(since, f.since) && Objects.equals(until, f.until) && Objects.equals(id, f.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, key, errorText, errorClass, since, until, id);
    }

    /** The criteria that are set, e.g. {@code type=echo, since=2026-01-31T10:00:00Z}, or {@code all}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        add(parts, "type", type);
        add(parts, "key", key);
        add(parts, "error", errorText);
        add(parts, "errorClass", errorClass);
        add(parts, "since", since);
        add(parts, "until", until);
        add(parts, "id", id);
        return parts.isEmpty() ? "all" : String.join(", ", parts);
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + value);
        }
    }

    /** Builds a {@link DeadLetterFilter}; null leaves a criterion unset. */
    public static final class Builder {
        private String type;
        private String key;
        private String errorText;
        private String errorClass;
        private Instant since;
        private Instant until;
        private String id;

        private Builder() {
        }

        /** Only letters of this task type. */
        public Builder type(String value) {
            this.type = value;
            return this;
        }

        /** Only letters with this ordering key. */
        public Builder key(String value) {
            this.key = value;
            return this;
        }

        /** Only letters whose last error class or message contains this text, ignoring case. */
        public Builder errorText(String value) {
            this.errorText = value;
            return this;
        }

        /** Only letters whose last error is this class (fully qualified or simple name). */
        public Builder errorClass(String value) {
            this.errorClass = value;
            return this;
        }

        /** Only letters that died at or after this instant. */
        public Builder since(Instant value) {
            this.since = value;
            return this;
        }

        /** Only letters that died before this instant. */
        public Builder until(Instant value) {
            this.until = value;
            return this;
        }

        /** Only the letters of this task id. */
        public Builder id(String value) {
            this.id = value;
            return this;
        }

        /**
         * The filter.
         *
         * @throws IllegalArgumentException naming the criterion when a text is blank, or when
         *     {@code since} is not before {@code until}
         */
        public DeadLetterFilter build() {
            requireNotBlank("type", type);
            requireNotBlank("key", key);
            requireNotBlank("error text", errorText);
            requireNotBlank("error class", errorClass);
            requireNotBlank("id", id);
            if (since != null && until != null && !since.isBefore(until)) {
                throw new IllegalArgumentException("since " + since + " is not before until " + until
                        + ": no dead letter can match");
            }
            return new DeadLetterFilter(this);
        }

        private static void requireNotBlank(String name, String value) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("filter " + name + " must not be blank, was '" + value + "'");
            }
        }
    }
}
