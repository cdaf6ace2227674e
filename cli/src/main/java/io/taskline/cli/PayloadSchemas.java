package io.taskline.cli;

import io.taskline.schemas.SchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.Schema;

/**
 * The payload schema each task type of a queue takes, as bound by the workers that handle it,
 * with the errors a user can act on: an unknown queue, then an unknown type.
 *
 * <p>Usage: {@code PayloadSchemas schemas = new PayloadSchemas("demo", publisher.registry()); schemas.of("echo")}
 */
public final class PayloadSchemas {

    private final String queue;
    private final SchemaRegistry registry;
    private final Map<String, Schema> cache = new HashMap<>();

    /** Looks up types of {@code queue} in {@code registry}. */
    public PayloadSchemas(String queue, SchemaRegistry registry) {
        this.queue = queue;
        this.registry = registry;
    }

    /** The payload schema of {@code type}; throws {@link IllegalArgumentException} naming the known types. */
    public Schema of(String type) {
        Schema schema = cache.get(type);
        if (schema == null) {
            schema = registry.typeSchema(queue, type).orElseThrow(() -> new IllegalArgumentException(
                    "unknown type '" + type + "' on queue '" + queue + "' (known: " + known()
                            + "); start a worker that handles it first"));
            cache.put(type, schema);
        }
        return schema;
    }

    private String known() {
        TreeSet<String> types = new TreeSet<>(registry.types(queue).keySet());
        return types.isEmpty() ? "none" : String.join(", ", types);
    }
}
