package io.taskline.schemas.internal;

import io.taskline.schemas.IncompatibleSchemaException;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Refuses a schema change that old and new producers and workers could not both survive: the
 * new schema must read data of the previous one, and the previous one must read new data.
 */
public final class SchemaCompatibilityCheck {

    private SchemaCompatibilityCheck() {
    }

    /** Throws {@link IncompatibleSchemaException} naming what differs, or returns. */
    public static void requireMutuallyCompatible(Schema previous, Schema candidate) {
        check(candidate, previous, "a reader of the new schema cannot read data written with the previous one");
        check(previous, candidate, "a reader of the previous schema cannot read data written with the new one");
    }

    private static void check(Schema reader, Schema writer, String what) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        String details = result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + (i.getMessage() == null ? "" : " (" + i.getMessage() + ")"))
                .collect(Collectors.joining("; "));
        throw new IncompatibleSchemaException("incompatible change to schema " + reader.getFullName() + ": " + what
                + ": " + details);
    }
}
