package io.taskline.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Converts a generic or specific Avro datum to a plain-JSON tree: no union wrappers, timestamps
 * as ISO-8601 strings, dates as {@code yyyy-MM-dd}, decimals as numbers, bytes as a UTF-8 string
 * when printable and base64 otherwise.
 */
public final class AvroToJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private AvroToJson() {
    }

    /** The JSON of {@code datum}, written with {@code schema}. */
    public static JsonNode convert(Object datum, Schema schema) {
        switch (schema.getType()) {
            case RECORD: return record((IndexedRecord) datum, schema);
            case UNION: return convert(datum, schema.getTypes().get(branch(datum, schema)));
            case NULL: return JSON.nullNode();
            case BOOLEAN: return JSON.booleanNode((Boolean) datum);
            case INT: return intValue(datum, schema);
            case LONG: return longValue(datum, schema);
            case FLOAT: return finite(((Number) datum).doubleValue()) ? JSON.numberNode((Float) datum)
                    : JSON.textNode(datum.toString());
            case DOUBLE: return finite((Double) datum) ? JSON.numberNode((Double) datum) : JSON.textNode(datum.toString());
            case STRING:
            case ENUM: return JSON.textNode(datum.toString());
            case BYTES:
            case FIXED: return bytes(datum, schema);
            case ARRAY: return array((Collection<?>) datum, schema);
            case MAP: return map((Map<?, ?>) datum, schema);
            default: throw new IllegalArgumentException("unsupported schema type " + schema.getType());
        }
    }

    private static ObjectNode record(IndexedRecord record, Schema schema) {
        ObjectNode out = JSON.objectNode();
        for (Schema.Field field : schema.getFields()) {
            out.set(field.name(), convert(record.get(field.pos()), field.schema()));
        }
        return out;
    }

    private static JsonNode intValue(Object datum, Schema schema) {
        if (datum instanceof Temporal) {
            return JSON.textNode(datum.toString());
        }
        if (schema.getLogicalType() instanceof LogicalTypes.Date) {
            return JSON.textNode(LocalDate.ofEpochDay((Integer) datum).toString());
        }
        return JSON.numberNode((Integer) datum);
    }

    private static JsonNode longValue(Object datum, Schema schema) {
        if (datum instanceof Temporal) {
            return JSON.textNode(datum.toString());
        }
        LogicalType logical = schema.getLogicalType();
        long value = (Long) datum;
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return JSON.textNode(Instant.ofEpochMilli(value).toString());
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return JSON.textNode(Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                    Math.floorMod(value, 1_000_000L) * 1000L).toString());
        }
        return JSON.numberNode(value);
    }

    private static JsonNode bytes(Object datum, Schema schema) {
        if (datum instanceof BigDecimal decimal) {
            return JSON.numberNode(decimal);
        }
        byte[] bytes;
        if (datum instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            bytes = new byte[copy.remaining()];
            copy.get(bytes);
        } else if (datum instanceof GenericFixed fixed) {
            bytes = fixed.bytes();
        } else {
            bytes = (byte[]) datum;
        }
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return JSON.numberNode(schema.getType() == Schema.Type.BYTES
                    ? DECIMALS.fromBytes(ByteBuffer.wrap(bytes), schema, decimal)
                    : DECIMALS.fromFixed(new GenericData.Fixed(schema, bytes), schema, decimal));
        }
        String text = printable(bytes);
        return JSON.textNode(text != null ? text : Base64.getEncoder().encodeToString(bytes));
    }

    private static ArrayNode array(Collection<?> items, Schema schema) {
        ArrayNode out = JSON.arrayNode(items.size());
        items.forEach(item -> out.add(convert(item, schema.getElementType())));
        return out;
    }

    private static ObjectNode map(Map<?, ?> entries, Schema schema) {
        ObjectNode out = JSON.objectNode();
        entries.forEach((key, value) -> out.set(key.toString(), convert(value, schema.getValueType())));
        return out;
    }

    /** The index of the union branch {@code datum} belongs to; Java time and decimal values included. */
    private static int branch(Object datum, Schema union) {
        for (int i = 0; i < union.getTypes().size(); i++) {
            if (fits(datum, union.getTypes().get(i))) {
                return i;
            }
        }
        return GenericData.get().resolveUnion(union, datum);
    }

    private static boolean fits(Object datum, Schema schema) {
        switch (schema.getType()) {
            case NULL: return datum == null;
            case BOOLEAN: return datum instanceof Boolean;
            case INT: return datum instanceof Integer || datum instanceof LocalDate
                    || datum instanceof java.time.LocalTime && schema.getLogicalType() instanceof LogicalTypes.TimeMillis;
            case LONG: return datum instanceof Long || datum instanceof Temporal && !(datum instanceof LocalDate);
            case FLOAT: return datum instanceof Float;
            case DOUBLE: return datum instanceof Double;
            case STRING: return datum instanceof CharSequence;
            case BYTES: return datum instanceof ByteBuffer || datum instanceof byte[]
                    || datum instanceof BigDecimal && schema.getLogicalType() instanceof LogicalTypes.Decimal;
            case ENUM: return (datum instanceof GenericEnumSymbol<?> || datum instanceof Enum<?>)
                    && schema.hasEnumSymbol(datum.toString());
            case FIXED: return datum instanceof GenericFixed f && f.getSchema().getFullName().equals(schema.getFullName());
            case ARRAY: return datum instanceof Collection<?>;
            case MAP: return datum instanceof Map<?, ?>;
            case RECORD: return datum instanceof IndexedRecord r && r.getSchema().getFullName().equals(schema.getFullName());
            default: return false;
        }
    }

    private static boolean finite(double value) {
        return !Double.isNaN(value) && !Double.isInfinite(value);
    }

    /** The bytes as text when they are valid UTF-8 without control characters (tabs and newlines allowed). */
    private static String printable(byte[] bytes) {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return text;
    }
}
