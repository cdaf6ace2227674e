package io.taskline.schemas;

import io.taskline.schemas.internal.SchemaCatalog;
import io.taskline.schemas.internal.SchemaCompatibilityCheck;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A schema registry held in one process, for unit tests and tools that do not share schemas.
 *
 * <p>Usage: {@code new SingleObjectCodec(new InMemorySchemaRegistry())}.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final SchemaCatalog catalog = new SchemaCatalog();

    @Override
    public synchronized long register(Schema schema) {
        long fingerprint = SingleObjectCodec.fingerprint(schema);
        if (catalog.byFingerprint(fingerprint) == null) {
            catalog.all(schema.getFullName())
                    .forEach(previous -> SchemaCompatibilityCheck.requireMutuallyCompatible(previous, schema));
            catalog.apply(SchemaCatalog.schemaKey(fingerprint), schema.toString());
        }
        return fingerprint;
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return catalog.byFingerprint(fingerprint);
    }

    @Override
    public void bindType(String queue, String type, Schema schema) {
        catalog.apply(SchemaCatalog.typeKey(queue, type), schema.toString());
    }

    @Override
    public Optional<Schema> typeSchema(String queue, String type) {
        return catalog.type(queue, type);
    }

    @Override
    public Map<String, Schema> types(String queue) {
        return catalog.types(queue);
    }
}
