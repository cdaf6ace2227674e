package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.taskline.schemas.internal.SchemaCompatibilityCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** Event types added later (PARKED) reach workers and tools that still read the earlier TaskEvent schema. */
class TaskEventEvolutionTest {

    /** TaskEvent as it was before PARKED. */
    private static final Schema BEFORE_PARKED = new Schema.Parser().parse(TaskEvent.getClassSchema().toString()
            .replace(", \"PARKED\"]", "]").replace(",\"PARKED\"]", "]"));

    @Test
    void theSchemaBeforeParkedIsTheSameButForTheSymbol() {
        assertThat(BEFORE_PARKED.getField("event").schema().getEnumSymbols())
                .containsExactly("ENQUEUED", "STARTED", "SUCCEEDED", "RETRYING", "DEAD", "UNKNOWN");
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
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(TaskEvent.class).write(parked, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(TaskEvent.getClassSchema(), BEFORE_PARKED)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.get("event")).hasToString("UNKNOWN");
        assertThat(read.get("taskId")).hasToString("t-1");
    }
}
