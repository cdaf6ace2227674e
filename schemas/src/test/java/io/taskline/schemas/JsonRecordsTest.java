package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.schemas.examples.Flaky;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.Thumbnail;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {

    private static final Schema EVERYTHING = new Schema.Parser().parse("""
            {"type": "record", "name": "Everything", "namespace": "test", "fields": [
              {"name": "s", "type": "string"},
              {"name": "i", "type": "int"},
              {"name": "l", "type": "long"},
              {"name": "f", "type": "float"},
              {"name": "d", "type": "double"},
              {"name": "b", "type": "boolean"},
              {"name": "raw", "type": "bytes"},
              {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "counts", "type": {"type": "map", "values": "int"}},
              {"name": "code", "type": {"type": "fixed", "name": "Code", "size": 3}},
              {"name": "maybe", "type": ["null", "int"], "default": null},
              {"name": "either", "type": ["null", "long", "string"], "default": null},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "when", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}], "default": null},
              {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [
                {"name": "n", "type": "int"}, {"name": "label", "type": "string", "default": "none"}]}},
              {"name": "inners", "type": {"type": "array", "items": "Inner"}, "default": []}
            ]}""");

    private static final String FULL = """
            {"s": "hi", "i": 7, "l": 9000000000, "f": 1.5, "d": 2.25, "b": true, "raw": "bytes!",
             "color": "GREEN", "tags": ["a", "b"], "counts": {"x": 1}, "code": "abc", "maybe": 3,
             "either": "text", "at": "2026-11-28T04:10:00.123Z", "when": 1700000000000,
             "inner": {"n": 1}, "inners": [{"n": 2, "label": "two"}]}""";

    @Test
    void convertsEveryKindOfField() {
        GenericRecord record = JsonRecords.fromJson(FULL, EVERYTHING);

        assertThat(record.get("s")).isEqualTo("hi");
        assertThat(record.get("l")).isEqualTo(9_000_000_000L);
        assertThat(record.get("f")).isEqualTo(1.5f);
        assertThat(record.get("raw")).isEqualTo(ByteBuffer.wrap("bytes!".getBytes()));
        assertThat(record.get("color").toString()).isEqualTo("GREEN");
        assertThat(record.get("counts")).isEqualTo(Map.of("x", 1));
        assertThat(record.get("maybe")).isEqualTo(3);
        assertThat(record.get("either")).isEqualTo("text");
        assertThat(record.get("at")).isEqualTo(Instant.parse("2026-11-28T04:10:00.123Z").toEpochMilli());
        assertThat(record.get("when")).isEqualTo(1_700_000_000_000L);
        assertThat(((GenericRecord) record.get("inner")).get("label")).hasToString("none");
        assertThat(GenericData.get().validate(EVERYTHING, record)).isTrue();
    }

    @Test
    void roundTripsThroughJson() {
        GenericRecord record = JsonRecords.fromJson(FULL, EVERYTHING);

        String json = JsonRecords.toJson(record);

        assertThat(json).contains("\"at\":\"2026-11-28T04:10:00.123Z\"", "\"raw\":\"bytes!\"", "\"maybe\":3",
                "\"when\":\"2023-11-14T22:13:20Z\"", "\"either\":\"text\"");
        assertThat(JsonRecords.fromJson(json, EVERYTHING)).isEqualTo(record);
    }

    @Test
    void writesSpecificRecordsAndLogicalValuesAsPlainJson() {
        TaskEvent event = TaskEvent.newBuilder().setTaskId("t-1").setQueue("q").setType("echo")
                .setEvent(TaskEventType.RETRYING).setAttempt(1).setAt(Instant.parse("2026-01-02T03:04:05.678Z"))
                .setDueAt(Instant.parse("2026-01-02T03:04:10Z")).setDurationMs(12L).build();

        assertThat(JsonRecords.toJson(event)).contains("\"event\":\"RETRYING\"", "\"key\":null",
                "\"at\":\"2026-01-02T03:04:05.678Z\"", "\"dueAt\":\"2026-01-02T03:04:10Z\"", "\"durationMs\":12");
        assertThat(JsonRecords.toJson(Thumbnail.newBuilder().setImageId("img").build()))
                .isEqualTo("{\"imageId\":\"img\",\"source\":null,\"seed\":0,\"maxSize\":128}");
    }

    @Test
    void writesBytesThatAreNotTextAsBase64() {
        Schema bytes = Schema.create(Schema.Type.BYTES);

        assertThat(JsonRecords.toJson(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}), bytes)).isEqualTo("\"AAH/\"");
    }

    @Test
    void fillsMissingFieldsFromDefaults() {
        GenericRecord thumbnail = JsonRecords.fromJson("{\"imageId\": \"img-1\"}", Thumbnail.getClassSchema());

        assertThat(thumbnail.get("source")).isNull();
        assertThat(thumbnail.get("maxSize")).isEqualTo(128);
    }

    @Test
    void namesTheFieldOfAWrongType() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"failTimes\": \"x\"}", Flaky.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field 'failTimes': expected int, got string \"x\"");
    }

    @Test
    void refusesNonIntegersAndOutOfRangeNumbers() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"failTimes\": 1.5}", Flaky.getClassSchema()))
                .hasMessage("field 'failTimes': expected int, got number 1.5");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"failTimes\": 3000000000}", Flaky.getClassSchema()))
                .hasMessage("field 'failTimes': 3000000000 is out of range for int");
    }

    @Test
    void namesAnUnknownField() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"message\": \"hi\", \"foo\": 1}", Message.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown field 'foo'");
    }

    @Test
    void namesAMissingFieldWithoutDefault() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{}", Message.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing field 'message'");
    }

    @Test
    void namesNestedPathsInArraysAndRecords() {
        String json = FULL.replace("{\"n\": 2, \"label\": \"two\"}", "{\"n\": true}");

        assertThatThrownBy(() -> JsonRecords.fromJson(json, EVERYTHING))
                .hasMessage("field 'inners[0].n': expected int, got boolean true");
        assertThatThrownBy(() -> JsonRecords.fromJson(FULL.replace("{\"n\": 1}", "{\"n\": 1, \"x\": 2}"), EVERYTHING))
                .hasMessage("unknown field 'inner.x'");
    }

    @Test
    void refusesAnUnknownEnumSymbol() {
        assertThatThrownBy(() -> JsonRecords.fromJson(FULL.replace("\"GREEN\"", "\"BLUE\""), EVERYTHING))
                .hasMessage("field 'color': string \"BLUE\" is not one of [RED, GREEN]");
    }

    @Test
    void refusesAFixedOfTheWrongSize() {
        assertThatThrownBy(() -> JsonRecords.fromJson(FULL.replace("\"abc\"", "\"abcd\""), EVERYTHING))
                .hasMessage("field 'code': expected 3 bytes, got 4");
    }

    @Test
    void refusesAValueThatFitsNoUnionBranch() {
        assertThatThrownBy(() -> JsonRecords.fromJson(FULL.replace("\"either\": \"text\"", "\"either\": true"), EVERYTHING))
                .hasMessage("field 'either': expected one of [null, long, string], got boolean true");
        assertThatThrownBy(() -> JsonRecords.fromJson(FULL.replace("\"maybe\": 3", "\"maybe\": \"3\""), EVERYTHING))
                .hasMessage("field 'maybe': expected int, got string \"3\"");
    }

    @Test
    void refusesNullForARequiredField() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"message\": null}", Message.getClassSchema()))
                .hasMessage("field 'message': expected string, got null");
    }

    @Test
    void refusesATimestampThatIsNotAnInstant() {
        assertThatThrownBy(() -> JsonRecords.fromJson(FULL.replace("2026-11-28T04:10:00.123Z", "yesterday"), EVERYTHING))
                .hasMessageStartingWith("field 'at': expected timestamp (ISO-8601 instant");
    }

    @Test
    void reportsMalformedJsonWithJacksonsShortMessage() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"message\": ", Message.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON: ")
                .hasMessageNotContaining("Source:");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"message\": \"a\"} x", Message.getClassSchema()))
                .hasMessageStartingWith("malformed JSON: ");
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> JsonRecords.fromJson("[1]", Message.getClassSchema()))
                .hasMessage("expected object (Message), got array");
    }
}
