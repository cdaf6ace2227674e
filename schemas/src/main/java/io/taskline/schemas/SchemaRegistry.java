package io.taskline.schemas;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema ever used, by fingerprint, and which payload schema each task type of a
 * queue takes.
 *
 * <p>Readers resolve an unknown fingerprint here, so old and new producers and workers
 * interoperate. Usage: {@code long fp = registry.register(schema); registry.findByFingerprint(fp)}.
 */
public interface SchemaRegistry extends SchemaStore, AutoCloseable {

    /**
     * Records a writer schema and returns its CRC-64-AVRO fingerprint.
     *
     * @throws IncompatibleSchemaException when the schema cannot interoperate with the latest
     *     registered schema of the same full name
     */
    long register(Schema schema);

    /** The schema with this fingerprint, or {@code null} when nobody registered it. */
    @Override
    Schema findByFingerprint(long fingerprint);

    /** Records that tasks of {@code type} on {@code queue} carry payloads of {@code schema}. */
    void bindType(String queue, String type, Schema schema);

    /** The payload schema of a type on a queue, if a worker or publisher bound it. */
    Optional<Schema> typeSchema(String queue, String type);

    /** Every type bound on a queue with its payload schema. */
    Map<String, Schema> types(String queue);

    @Override
    default void close() {
    }
}
