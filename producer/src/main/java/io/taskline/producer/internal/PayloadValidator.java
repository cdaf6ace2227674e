package io.taskline.producer.internal;

import io.taskline.producer.InvalidTaskException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Checks a payload against its own schema and names the first field that does not fit. */
public final class PayloadValidator {

    private PayloadValidator() {
    }

    /** Returns when the payload is valid; throws {@link InvalidTaskException} naming the field otherwise. */
    public static void requireValid(String type, GenericContainer payload) {
        Schema schema = payload.getSchema();
        GenericData model = payload instanceof SpecificRecord ? SpecificData.getForSchema(schema) : GenericData.get();
        if (model.validate(schema, payload)) {
            return;
        }
        if (payload instanceof IndexedRecord record && schema.getType() == Schema.Type.RECORD) {
            for (Schema.Field field : schema.getFields()) {
                Object value = record.get(field.pos());
                if (!model.validate(field.schema(), value)) {
                    throw new InvalidTaskException("payload of type " + type + " does not fit schema "
                            + schema.getFullName() + ": field '" + field.name() + "' expects " + describe(field.schema())
                            + ", got " + (value == null ? "null" : value.getClass().getSimpleName()));
                }
            }
        }
        throw new InvalidTaskException("payload of type " + type + " does not fit schema " + schema.getFullName());
    }

    private static String describe(Schema schema) {
        return schema.getType() == Schema.Type.UNION ? schema.getTypes().toString() : schema.getType().getName();
    }
}
