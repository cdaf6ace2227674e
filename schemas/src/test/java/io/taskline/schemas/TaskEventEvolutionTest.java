package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.taskline.schemas.internal.SchemaCompatibilityCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * What was added to TaskEvent later (the PARKED type and its blockedBy field) reaches workers and
 * tools that still read the earlier schema, and events written before read with the current one.
 */
class TaskEventEvolutionTest {

    /** TaskEvent as it was before PARKED and blockedBy. */
    private static final Schema BEFORE_PARKED = without(new Schema.Parser().parse(TaskEvent.getClassSchema().toString()
            .replace(", \"PARKED\"]", "]").replace(",\"PARKED\"]", "]")), "blockedBy");

    @Test
    void theSchemaBeforeParkedIsTheSameButForTheSymbolAndTheField() {
        assertThat(BEFORE_PARKED.getField("event").schema().getEnumSymbols())
                .containsExactly("ENQUEUED", "STARTED", "SUCCEEDED", "RETRYING", "DEAD", "UNKNOWN");
        assertThat(BEFORE_PARKED.getField("blockedBy")).isNull();
        assertThat(BEFORE_PARKED.getFields()).hasSize(TaskEvent.getClassSchema().getFields().size() - 1);
    }

    @Test
    void theCurrentEventSchemaIsMutuallyCompatibleWithTheOneBeforeParked() {
        assertThatCode(() -> SchemaCompatibilityCheck.requireMutuallyCompatible(BEFORE_PARKED, TaskEvent.getClassSchema()))
                .doesNotThrowAnyException();
    }

    @Test
    void anOlderReaderSeesAParkedEventAsUnknown() throws IOException {
        TaskEvent parked = TaskEvent.newBuilder().setTaskId("t-1").setQueue("accounts").setType("close")
                .setKey("acct-7").setEvent(TaskEventType.PARKED).setAttempt(1).setAt(Instant.parse("2030-01-01T00:00:00Z"))
                .setBlockedBy("t-0").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(TaskEvent.class).write(parked, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(TaskEvent.getClassSchema(), BEFORE_PARKED)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.get("event")).hasToString("UNKNOWN");
        assertThat(read.get("taskId")).hasToString("t-1");
    }

    @Test
    void anEventWrittenBeforeBlockedByReadsWithoutIt() throws IOException {
        GenericRecord old = new org.apache.avro.generic.GenericRecordBuilder(BEFORE_PARKED)
                .set("taskId", "t-2").set("queue", "accounts").set("type", "close")
                .set("event", new org.apache.avro.generic.GenericData.EnumSymbol(
                        BEFORE_PARKED.getField("event").schema(), "STARTED"))
                .set("attempt", 1).set("at", 1_000L).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(BEFORE_PARKED).write(old, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(BEFORE_PARKED, TaskEvent.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.get("event")).hasToString("STARTED");
        assertThat(read.get("blockedBy")).isNull();
    }

    private static Schema without(Schema record, String field) {
        List<Schema.Field> fields = record.getFields().stream().filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
