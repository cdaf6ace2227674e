package io.taskline.schemas.internal;

import io.taskline.schemas.SingleObjectCodec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The in-memory state of a schema registry: schemas by fingerprint, the latest schema of each
 * full name, and the payload schema of each queue's types. Applies entries in topic order.
 */
public final class SchemaCatalog {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SchemaCatalog.class);

    /** Key prefix of a writer schema entry; the rest is the fingerprint in hex. */
    public static final String SCHEMA_PREFIX = "schema:";
    /** Key prefix of a type binding entry; the rest is {@code queue:type}. */
    public static final String TYPE_PREFIX = "type:";

    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();
    private final Map<String, Schema> latestByName = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<Schema>> allByName = new ConcurrentHashMap<>();
    private final Map<String, Schema> typeBindings = new ConcurrentHashMap<>();

    /** Applies one entry as read from the schema topic (or written in memory). */
    public void apply(String key, String schemaJson) {
        if (schemaJson == null || key == null || !(key.startsWith(SCHEMA_PREFIX) || key.startsWith(TYPE_PREFIX))) {
            return;
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(schemaJson);
        } catch (RuntimeException e) {
            // A record someone else wrote to the topic must not stop every registry from starting.
            log.warn("ignoring entry {} of {}: not an Avro schema ({})", key, io.taskline.schemas.SystemTopics.SCHEMAS,
                    e.getMessage());
            return;
        }
        if (key.startsWith(SCHEMA_PREFIX)) {
            if (byFingerprint.put(SingleObjectCodec.fingerprint(schema), schema) == null) {
                allByName.computeIfAbsent(schema.getFullName(), n -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(schema);
            }
            latestByName.put(schema.getFullName(), schema);
        } else if (key.startsWith(TYPE_PREFIX)) {
            typeBindings.put(key.substring(TYPE_PREFIX.length()), schema);
        }
    }

    /** The schema with this fingerprint, or null. */
    public Schema byFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** The latest schema registered under a full name. */
    public Optional<Schema> latest(String fullName) {
        return Optional.ofNullable(latestByName.get(fullName));
    }

    /** Every schema registered under a full name, oldest first. */
    public java.util.List<Schema> all(String fullName) {
        return java.util.List.copyOf(allByName.getOrDefault(fullName, java.util.List.of()));
    }

    /** The payload schema bound to a queue's type. */
    public Optional<Schema> type(String queue, String type) {
        return Optional.ofNullable(typeBindings.get(queue + ":" + type));
    }

    /** Every type bound on a queue. */
    public Map<String, Schema> types(String queue) {
        Map<String, Schema> out = new TreeMap<>();
        typeBindings.forEach((k, v) -> {
            if (k.startsWith(queue + ":")) {
                out.put(k.substring(queue.length() + 1), v);
            }
        });
        return out;
    }

    /** The key of a writer schema entry. */
    public static String schemaKey(long fingerprint) {
        return SCHEMA_PREFIX + Long.toHexString(fingerprint);
    }

    /** The key of a type binding entry. */
    public static String typeKey(String queue, String type) {
        return TYPE_PREFIX + queue + ":" + type;
    }
}
