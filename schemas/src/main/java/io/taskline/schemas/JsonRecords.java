package io.taskline.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.taskline.schemas.internal.AvroToJson;
import io.taskline.schemas.internal.JsonToAvro;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts between plain JSON (as people and scripts write it, not Avro's union-wrapped JSON
 * encoding) and Avro records, so payloads can be typed on a command line.
 *
 * <p>Usage: {@code GenericRecord payload = JsonRecords.fromJson("{\"failTimes\": 2}", Flaky.getClassSchema());}
 * and {@code JsonRecords.toJson(payload)} is {@code {"failTimes":2}}.
 *
 * <p>An optional field ({@code ["null", T]}) takes {@code null} or a plain {@code T}; other unions
 * take the first branch the value fits. {@code timestamp-millis} takes an ISO-8601 instant or
 * epoch millis, and is written back as ISO-8601. Every refusal is an
 * {@link IllegalArgumentException} naming the field path, e.g.
 * {@code field 'failTimes': expected int, got string "x"}.
 */
public final class JsonRecords {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonRecords() {
    }

    /**
     * The record of {@code schema} that {@code json} describes. Missing fields take their schema
     * default.
     *
     * @throws IllegalArgumentException for malformed JSON ({@code malformed JSON: ...}), a missing
     *     field without default, an unknown field, or a value of the wrong type or out of range
     */
    public static GenericRecord fromJson(String json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("schema " + schema.getFullName() + " is not a record");
        }
        return (GenericRecord) fromJson(parse(json), schema);
    }

    /** The datum of any {@code schema} that an already parsed JSON tree describes. */
    public static Object fromJson(JsonNode json, Schema schema) {
        return JsonToAvro.convert(json, schema, "");
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} with Jackson's short message. */
    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("malformed JSON: no content");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The plain JSON of a generic or specific record. */
    public static String toJson(GenericContainer record) {
        return toJson(record, record.getSchema());
    }

    /** The plain JSON of any Avro datum written with {@code schema}. */
    public static String toJson(Object datum, Schema schema) {
        return toJsonTree(datum, schema).toString();
    }

    /** The plain JSON of any Avro datum, as a tree to embed in a larger document. */
    public static JsonNode toJsonTree(Object datum, Schema schema) {
        return AvroToJson.convert(datum, schema);
    }
}
