package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.dlq.internal.PayloadEditor;
import io.taskline.schemas.JsonRecords;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

/** {@code --set field=value}: parsing, conversion to each field type, and refusals naming the field. */
class PayloadEditTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "test", "fields": [
              {"name": "name", "type": "string"},
              {"name": "count", "type": "int"},
              {"name": "big", "type": "long"},
              {"name": "active", "type": "boolean"},
              {"name": "ratio", "type": "double"},
              {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "retries", "type": ["null", "int"], "default": null},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
                {"name": "city", "type": "string"},
                {"name": "zip", "type": ["null", "string"], "default": null}]}},
              {"name": "billing", "type": ["null", "Address"], "default": null},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "attrs", "type": {"type": "map", "values": "int"}},
              {"name": "blob", "type": "bytes"}
            ]}""");

    private static GenericRecord anOrder() {
        return JsonRecords.fromJson("""
                {"name": "widget", "count": 1, "big": 5, "active": false, "ratio": 0.5, "color": "RED",
                 "note": "n", "retries": 2, "at": "2026-01-31T12:00:00Z", "address": {"city": "Oslo"},
                 "tags": ["a"], "attrs": {"x": 1}, "blob": "raw"}""", SCHEMA);
    }

    private static GenericRecord edit(String... edits) {
        return PayloadEditor.apply(anOrder(), Arrays.stream(edits).map(PayloadEdit::parse).toList());
    }

    @Test
    void parsesFieldEqualsValueSplittingAtTheFirstEquals() {
        assertThat(PayloadEdit.parse("note=a=b")).isEqualTo(new PayloadEdit("note", "a=b"));
        assertThat(PayloadEdit.parse("address.city=")).isEqualTo(new PayloadEdit("address.city", ""));
        assertThatThrownBy(() -> PayloadEdit.parse("note")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'note'").hasMessageContaining("field=value");
        assertThatThrownBy(() -> PayloadEdit.parse("1st=x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1st'");
        assertThatThrownBy(() -> PayloadEdit.parse("a..b=x")).hasMessageContaining("'a..b'");
    }

    @Test
    void convertsTheTextToEachFieldsType() {
        GenericRecord out = edit("name=gadget", "count=42", "big=9000000000", "active=true", "ratio=2.5",
                "color=GREEN", "note=null", "retries=7", "at=2026-02-01T00:00:00Z", "blob=bytes!");
        assertThat(out.get("name").toString()).isEqualTo("gadget");
        assertThat(out.get("count")).isEqualTo(42);
        assertThat(out.get("big")).isEqualTo(9_000_000_000L);
        assertThat(out.get("active")).isEqualTo(true);
        assertThat(out.get("ratio")).isEqualTo(2.5);
        assertThat(out.get("color").toString()).isEqualTo("GREEN");
        assertThat(out.get("note")).isNull();
        assertThat(out.get("retries")).isEqualTo(7);
        assertThat(out.get("at")).isEqualTo(Instant.parse("2026-02-01T00:00:00Z").toEpochMilli());
        assertThat(out.get("blob")).isEqualTo(ByteBuffer.wrap("bytes!".getBytes()));
    }

    @Test
    void aStringFieldTakesTheTextAsItIsUnlessItIsAJsonString() {
        assertThat(edit("name=42").get("name").toString()).isEqualTo("42");
        assertThat(edit("name=null").get("name").toString()).as("not nullable: the word null").isEqualTo("null");
        assertThat(edit("note=\"null\"").get("note").toString()).isEqualTo("null");
        assertThat(edit("name= spaced ").get("name").toString()).isEqualTo(" spaced ");
    }

    @Test
    void recordsArraysAndMapsTakeJsonLiterals() {
        GenericRecord out = edit("address={\"city\":\"Bergen\",\"zip\":\"5003\"}", "tags=[\"x\",\"y\"]",
                "attrs={\"k\":3}", "billing={\"city\":\"Rome\"}");
        assertThat(out.get("address").toString()).contains("Bergen").contains("5003");
        assertThat(((List<?>) out.get("tags"))).hasSize(2);
        assertThat(((Map<?, ?>) out.get("attrs")).get("k")).isEqualTo(3);
        assertThat(((GenericRecord) out.get("billing")).get("city")).isEqualTo("Rome");
        assertThat(GenericData.get().validate(SCHEMA, out)).isTrue();
    }

    @Test
    void aDottedPathSetsAFieldOfANestedRecord() {
        GenericRecord out = edit("address.city=Trondheim", "address.zip=7010");
        assertThat(((GenericRecord) out.get("address")).get("city").toString()).isEqualTo("Trondheim");
        assertThat(((GenericRecord) out.get("address")).get("zip").toString()).isEqualTo("7010");
    }

    @Test
    void leavesTheInputRecordAsItWas() {
        GenericRecord in = anOrder();
        PayloadEditor.apply(in, List.of(PayloadEdit.parse("count=9"), PayloadEdit.parse("address.city=X")));
        assertThat(in.get("count")).isEqualTo(1);
        assertThat(((GenericRecord) in.get("address")).get("city").toString()).isEqualTo("Oslo");
    }

    @Test
    void aLaterEditOfTheSameFieldWins() {
        assertThat(edit("count=1", "count=2").get("count")).isEqualTo(2);
    }

    @Test
    void anUnknownFieldIsRefusedNamingItAndListingTheFields() {
        assertThatThrownBy(() -> edit("colour=RED")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field 'colour'").hasMessageContaining("test.Order")
                .hasMessageContaining("color");
        assertThatThrownBy(() -> edit("address.town=X")).hasMessageContaining("unknown field 'town'")
                .hasMessageContaining("record 'address'").hasMessageContaining("city, zip");
    }

    @Test
    void aValueThatDoesNotFitIsRefusedNamingTheFieldAndTheType() {
        assertThatThrownBy(() -> edit("count=abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'count'").hasMessageContaining("expected int");
        assertThatThrownBy(() -> edit("count=1.5")).hasMessageContaining("field 'count'").hasMessageContaining("1.5");
        assertThatThrownBy(() -> edit("count=9999999999")).hasMessageContaining("field 'count'")
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> edit("active=yes")).hasMessageContaining("field 'active'")
                .hasMessageContaining("boolean");
        assertThatThrownBy(() -> edit("color=BLUE")).hasMessageContaining("field 'color'")
                .hasMessageContaining("[RED, GREEN]");
        assertThatThrownBy(() -> edit("count=null")).hasMessageContaining("field 'count'");
        assertThatThrownBy(() -> edit("at=yesterday")).hasMessageContaining("field 'at'")
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void aBadRecordLiteralNamesTheNestedField() {
        assertThatThrownBy(() -> edit("address={\"city\":3}")).hasMessageContaining("field 'address.city'")
                .hasMessageContaining("expected string");
        assertThatThrownBy(() -> edit("address={\"city\":\"x\",\"street\":\"y\"}"))
                .hasMessageContaining("unknown field 'address.street'");
        assertThatThrownBy(() -> edit("address={\"zip\":\"1\"}")).hasMessageContaining("missing field 'address.city'");
        assertThatThrownBy(() -> edit("address={city:")).hasMessageContaining("field 'address'")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void aPathThroughANullOrNonRecordFieldIsRefused() {
        assertThatThrownBy(() -> edit("billing.city=Rome")).hasMessageContaining("'billing'")
                .hasMessageContaining("null");
        assertThatThrownBy(() -> edit("name.first=x")).hasMessageContaining("'name'")
                .hasMessageContaining("not a record");
    }

    @Test
    void utf8StringsFromTheDecoderStayValid() {
        GenericRecord in = anOrder();
        in.put("name", new Utf8("from-decoder"));
        GenericRecord out = PayloadEditor.apply(in, List.of(PayloadEdit.parse("count=3")));
        assertThat(out.get("name").toString()).isEqualTo("from-decoder");
    }
}
