package io.taskline.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

/**
 * Converts a parsed plain-JSON tree to the generic Avro datum of a schema, naming the field path
 * of the first value that does not fit. Logical types become their underlying Avro values
 * (epoch millis, days, scaled bytes), as {@link GenericData} writes them without conversions.
 */
public final class JsonToAvro {

    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

    private JsonToAvro() {
    }

    /** The datum of {@code schema} for {@code node}; {@code path} is "" at the root. */
    public static Object convert(JsonNode node, Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD: return record(node, schema, path);
            case UNION: return union(node, schema, path);
            case NULL:
                require(node.isNull(), node, "null", path);
                return null;
            case BOOLEAN:
                require(node.isBoolean(), node, "boolean", path);
                return node.booleanValue();
            case INT: return intValue(node, schema, path);
            case LONG: return longValue(node, schema, path);
            case FLOAT:
                require(node.isNumber(), node, "float", path);
                return floatValue(node, path);
            case DOUBLE:
                require(node.isNumber(), node, "double", path);
                return node.doubleValue();
            case STRING:
                require(node.isTextual(), node, "string", path);
                return node.textValue();
            case BYTES: return bytes(node, schema, path);
            case FIXED: return fixed(node, schema, path);
            case ENUM: return enumSymbol(node, schema, path);
            case ARRAY: return array(node, schema, path);
            case MAP: return map(node, schema, path);
            default: throw new IllegalArgumentException(at(path) + "unsupported schema type " + schema.getType());
        }
    }

    private static GenericData.Record record(JsonNode node, Schema schema, String path) {
        require(node.isObject(), node, "object (" + schema.getName() + ")", path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException("unknown field '" + child(path, name) + "'");
            }
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            if (value != null) {
                record.put(field.pos(), convert(value, field.schema(), child(path, field.name())));
            } else if (field.hasDefaultValue()) {
                record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
            } else {
                throw new IllegalArgumentException("missing field '" + child(path, field.name()) + "'");
            }
        }
        return record;
    }

    private static Object union(JsonNode node, Schema schema, String path) {
        List<Schema> branches = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                if (node.isNull()) {
                    return null;
                }
            } else {
                branches.add(branch);
            }
        }
        if (branches.size() == 1) {
            // The common optional field: report the one real type's error as it is.
            return convert(node, branches.get(0), path);
        }
        for (Schema branch : branches) {
            try {
                return convert(node, branch, path);
            } catch (IllegalArgumentException doesNotFit) {
                // try the next branch
            }
        }
        List<String> names = new ArrayList<>();
        schema.getTypes().forEach(t -> names.add(typeName(t)));
        throw mismatch(node, "one of " + names, path);
    }

    private static Object intValue(JsonNode node, Schema schema, String path) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Date && node.isTextual()) {
            try {
                return (int) LocalDate.parse(node.textValue()).toEpochDay();
            } catch (DateTimeParseException e) {
                throw mismatch(node, "date (yyyy-MM-dd or days since 1970-01-01)", path);
            }
        }
        require(node.isIntegralNumber(), node, logical instanceof LogicalTypes.Date ? "date" : "int", path);
        if (!node.canConvertToInt()) {
            throw new IllegalArgumentException(at(path) + node.asText() + " is out of range for int");
        }
        return node.intValue();
    }

    private static Object longValue(JsonNode node, Schema schema, String path) {
        LogicalType logical = schema.getLogicalType();
        boolean millis = logical instanceof LogicalTypes.TimestampMillis;
        boolean micros = logical instanceof LogicalTypes.TimestampMicros;
        if ((millis || micros) && node.isTextual()) {
            try {
                Instant instant = Instant.parse(node.textValue());
                return millis ? instant.toEpochMilli()
                        : Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw mismatch(node, "timestamp (ISO-8601 instant such as 2026-01-31T12:00:00Z, or epoch "
                        + (millis ? "millis" : "micros") + ")", path);
            }
        }
        require(node.isIntegralNumber(), node, millis || micros ? "timestamp" : "long", path);
        if (!node.canConvertToLong()) {
            throw new IllegalArgumentException(at(path) + node.asText() + " is out of range for long");
        }
        return node.longValue();
    }

    private static float floatValue(JsonNode node, String path) {
        float value = node.floatValue();
        if (Float.isInfinite(value) && !Double.isInfinite(node.doubleValue())) {
            throw new IllegalArgumentException(at(path) + node.asText() + " is out of range for float");
        }
        return value;
    }

    private static ByteBuffer bytes(JsonNode node, Schema schema, String path) {
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return DECIMALS.toBytes(decimal(node, decimal, path), schema, decimal);
        }
        require(node.isTextual(), node, "string (bytes)", path);
        return ByteBuffer.wrap(node.textValue().getBytes(StandardCharsets.UTF_8));
    }

    private static GenericFixed fixed(JsonNode node, Schema schema, String path) {
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            return DECIMALS.toFixed(decimal(node, decimal, path), schema, decimal);
        }
        require(node.isTextual(), node, "string (fixed " + schema.getFixedSize() + " bytes)", path);
        byte[] value = node.textValue().getBytes(StandardCharsets.UTF_8);
        if (value.length != schema.getFixedSize()) {
            throw new IllegalArgumentException(at(path) + "expected " + schema.getFixedSize() + " bytes, got "
                    + value.length);
        }
        return new GenericData.Fixed(schema, value);
    }

    private static BigDecimal decimal(JsonNode node, LogicalTypes.Decimal decimal, String path) {
        BigDecimal value;
        try {
            value = node.isNumber() ? node.decimalValue()
                    : node.isTextual() ? new BigDecimal(node.textValue()) : null;
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null) {
            throw mismatch(node, "decimal", path);
        }
        try {
            BigDecimal scaled = value.setScale(decimal.getScale());
            if (scaled.precision() > decimal.getPrecision()) {
                throw new IllegalArgumentException(at(path) + value + " has more than " + decimal.getPrecision()
                        + " digits");
            }
            return scaled;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(at(path) + value + " has more than " + decimal.getScale()
                    + " decimal places");
        }
    }

    private static GenericData.EnumSymbol enumSymbol(JsonNode node, Schema schema, String path) {
        require(node.isTextual(), node, "one of " + schema.getEnumSymbols(), path);
        if (!schema.hasEnumSymbol(node.textValue())) {
            throw new IllegalArgumentException(at(path) + describe(node) + " is not one of " + schema.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(schema, node.textValue());
    }

    private static GenericData.Array<Object> array(JsonNode node, Schema schema, String path) {
        require(node.isArray(), node, "array", path);
        GenericData.Array<Object> out = new GenericData.Array<>(node.size(), schema);
        for (int i = 0; i < node.size(); i++) {
            out.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return out;
    }

    private static Map<String, Object> map(JsonNode node, Schema schema, String path) {
        require(node.isObject(), node, "object (map)", path);
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(),
                convert(e.getValue(), schema.getValueType(), child(path, e.getKey()))));
        return out;
    }

    private static void require(boolean ok, JsonNode node, String expected, String path) {
        if (!ok) {
            throw mismatch(node, expected, path);
        }
    }

    private static IllegalArgumentException mismatch(JsonNode node, String expected, String path) {
        return new IllegalArgumentException(at(path) + "expected " + expected + ", got " + describe(node));
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : "field '" + path + "': ";
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String typeName(Schema schema) {
        return schema.getLogicalType() != null ? schema.getLogicalType().getName()
                : schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM
                ? schema.getName() : schema.getType().getName();
    }

    /** How a JSON value is named in messages: {@code string "x"}, {@code number 1.5}, {@code object}. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.toString();
            return "string " + (text.length() > 60 ? text.substring(0, 56) + "...\"" : text);
        }
        if (node.isNumber()) {
            return "number " + node.asText();
        }
        if (node.isBoolean()) {
            return "boolean " + node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        return node.isArray() ? "array" : "object";
    }
}
