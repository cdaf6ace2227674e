package io.taskline.dlq.internal;

import io.taskline.dlq.PayloadEdit;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Applies {@code --set} edits to a payload record and checks the result against the payload's
 * schema; the input record is left as it was.
 *
 * <p>Usage: {@code GenericRecord fixed = PayloadEditor.apply(payload, List.of(PayloadEdit.parse("to=a@b.c")));}
 */
public final class PayloadEditor {

    private PayloadEditor() {
    }

    /**
     * A copy of {@code payload} with every edit applied, in order (a later edit of the same field wins).
     *
     * @throws IllegalArgumentException naming the field of the first edit that does not fit
     */
    public static GenericRecord apply(GenericRecord payload, List<PayloadEdit> edits) {
        Schema schema = payload.getSchema();
        GenericRecord copy = GenericData.get().deepCopy(schema, payload);
        for (PayloadEdit edit : edits) {
            set(copy, edit);
        }
        if (!GenericData.get().validate(schema, copy)) {
            throw new IllegalArgumentException("the edited payload does not match its schema " + schema.getFullName()
                    + " (edits: " + edits + ")");
        }
        return copy;
    }

    private static void set(GenericRecord root, PayloadEdit edit) {
        String[] names = edit.path().split("\\.");
        GenericRecord current = root;
        StringBuilder walked = new StringBuilder();
        for (int i = 0; i < names.length - 1; i++) {
            Schema.Field field = field(current, names[i], walked, edit);
            walked.append(walked.length() == 0 ? "" : ".").append(names[i]);
            Object value = current.get(field.pos());
            if (!(value instanceof GenericRecord nested)) {
                throw new IllegalArgumentException("cannot set '" + edit.path() + "': field '" + walked + "' is "
                        + (value == null ? "null; set it whole, e.g. " + walked + "={...}"
                        : "a " + field.schema().getType().getName() + ", not a record"));
            }
            current = nested;
        }
        Schema.Field target = field(current, names[names.length - 1], walked, edit);
        current.put(target.pos(), TextValues.convert(edit.value(), target.schema(), edit.path()));
    }

    private static Schema.Field field(GenericRecord record, String name, CharSequence walked, PayloadEdit edit) {
        Schema.Field field = record.getSchema().getField(name);
        if (field == null) {
            String where = walked.length() == 0 ? "payload " : "record '" + walked + "' of type ";
            throw new IllegalArgumentException("cannot set '" + edit.path() + "': unknown field '" + name + "' in "
                    + where + record.getSchema().getFullName() + " (fields: " + record.getSchema().getFields().stream()
                    .map(Schema.Field::name).collect(Collectors.joining(", ")) + ")");
        }
        return field;
    }
}
