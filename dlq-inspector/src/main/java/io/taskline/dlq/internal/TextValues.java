package io.taskline.dlq.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.taskline.schemas.JsonRecords;
import org.apache.avro.Schema;

/**
 * Converts the text of a {@code --set} value to the Avro datum of a field: the text is read as a
 * JSON literal when it is one that fits ({@code 42}, {@code true}, {@code null}, {@code {"a":1}}),
 * else as a string ({@code ann@example.com}, an enum symbol, an ISO timestamp).
 *
 * <p>Usage: {@code Object count = TextValues.convert("42", field.schema(), "count");}
 */
public final class TextValues {

    private TextValues() {
    }

    /**
     * The datum of {@code schema} for {@code text}.
     *
     * @throws IllegalArgumentException naming {@code path} and what was expected
     */
    public static Object convert(String text, Schema schema, String path) {
        JsonNode literal = literal(text);
        IllegalArgumentException first = null;
        if (literal != null) {
            try {
                return JsonRecords.fromJson(literal, schema);
            } catch (IllegalArgumentException e) {
                first = e;
            }
        } else if (text.trim().startsWith("{") || text.trim().startsWith("[")) {
            try {
                JsonRecords.parse(text);
            } catch (IllegalArgumentException malformed) {
                throw at(path, malformed);
            }
        }
        if (literal == null || !literal.isTextual()) {
            try {
                return JsonRecords.fromJson(TextNode.valueOf(text), schema);
            } catch (IllegalArgumentException e) {
                first = first == null ? e : first;
            }
        }
        throw at(path, first);
    }

    private static JsonNode literal(String text) {
        try {
            return JsonRecords.parse(text);
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    /** Puts {@code path} in front of a conversion message, which names paths relative to the value. */
    private static IllegalArgumentException at(String path, IllegalArgumentException e) {
        String message = e.getMessage();
        for (String form : new String[] {"field '", "unknown field '", "missing field '"}) {
            if (message.startsWith(form)) {
                return new IllegalArgumentException(form + path + "." + message.substring(form.length()), e);
            }
        }
        return new IllegalArgumentException("field '" + path + "': " + message, e);
    }
}
