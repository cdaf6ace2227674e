package io.taskline.processors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The handlers of one queue, by task type.
 *
 * <p>Usage: {@code HandlerRegistry.builder().add("echo", new EchoHandler()).build()}.
 */
public final class HandlerRegistry {

    private final Map<String, TaskHandler<?>> handlers;

    private HandlerRegistry(Map<String, TaskHandler<?>> handlers) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    /** Starts an empty registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The handler of {@code type}. */
    public Optional<TaskHandler<?>> handler(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    /** Every type with its handler. */
    public Map<String, TaskHandler<?>> all() {
        return handlers;
    }

    /** The payload (reader) schema of each type. */
    public Map<String, Schema> payloadSchemas() {
        io.taskline.schemas.GeneratedClassTrust.install();
        Map<String, Schema> out = new LinkedHashMap<>();
        handlers.forEach((type, h) -> out.put(type, SpecificData.get().getSchema(h.payloadType())));
        return out;
    }

    /** Builds a {@link HandlerRegistry}. */
    public static final class Builder {
        private final Map<String, TaskHandler<?>> handlers = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers the handler of {@code type}; a type may have one handler. */
        public Builder add(String type, TaskHandler<?> handler) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("a task type must not be blank");
            }
            if (handlers.putIfAbsent(type, handler) != null) {
                throw new IllegalArgumentException("type " + type + " has two handlers");
            }
            return this;
        }

        /** The registry. */
        public HandlerRegistry build() {
            return new HandlerRegistry(handlers);
        }
    }
}
