package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private static final Schema SIGNUP_V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Signup", "namespace": "test.codec", "fields": [
              {"name": "userId", "type": "string"},
              {"name": "visits", "type": "int"}
            ]}""");

    private static final Schema SIGNUP_V2 = new Schema.Parser().parse("""
            {"type": "record", "name": "Signup", "namespace": "test.codec", "fields": [
              {"name": "userId", "type": "string"},
              {"name": "visits", "type": "int"},
              {"name": "plan", "type": "string", "default": "free"}
            ]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final SingleObjectCodec codec = new SingleObjectCodec(registry);

    @Test
    void aTaskSurvivesARoundTripWithEveryField() {
        Task task = aTask();

        Task decoded = codec.decode(codec.encode(task), Task.class);

        assertThat(decoded).isEqualTo(task);
        assertThat(decoded.getFailures().get(0).getErrorClass()).isEqualTo("java.io.IOException");
        assertThat(decoded.getEnqueuedAt()).isEqualTo(Instant.parse("2025-05-01T12:00:00.123Z"));
    }

    @Test
    void aGeneratedPayloadSurvivesARoundTrip() {
        Message message = Message.newBuilder().setMessage("héllo wörld").build();

        assertThat(codec.decode(codec.encode(message), Message.class)).isEqualTo(message);
    }

    @Test
    void aGenericRecordSurvivesARoundTripAsWrittenAndWithItsSchema() {
        GenericRecord signup = signupV1("u-1", 3);
        byte[] bytes = codec.encode(signup);

        assertThat(codec.decodeAsWritten(bytes)).isEqualTo(signup);
        assertThat(codec.decode(bytes, SIGNUP_V1)).isEqualTo(signup);
        assertThat(codec.writerSchema(bytes)).isEqualTo(SIGNUP_V1);
    }

    @Test
    void theHeaderIsC301ThenTheLittleEndianCrc64AvroFingerprint() {
        byte[] bytes = codec.encode(aTask());

        long expected = SchemaNormalization.parsingFingerprint64(Task.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        byte[] littleEndian = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(expected).array();
        assertThat(Arrays.copyOfRange(bytes, 2, 10)).isEqualTo(littleEndian);
        assertThat(SingleObjectCodec.fingerprint(bytes)).isEqualTo(expected);
        assertThat(SingleObjectCodec.fingerprint(Task.getClassSchema())).isEqualTo(expected);
    }

    @Test
    void bytesInteroperateWithAvrosOwnSingleObjectEncoding() throws Exception {
        Task task = aTask();

        assertThat(Task.getDecoder().decode(codec.encode(task))).as("Avro reads what the codec writes").isEqualTo(task);
        registry.register(Task.getClassSchema());
        byte[] avroWritten = task.toByteBuffer().array();
        assertThat(codec.decode(avroWritten, Task.class)).as("the codec reads what Avro writes").isEqualTo(task);
    }

    @Test
    void encodingRegistersTheWriterSchema() {
        byte[] bytes = codec.encode(signupV1("u-1", 1));

        assertThat(registry.findByFingerprint(SingleObjectCodec.fingerprint(bytes))).isEqualTo(SIGNUP_V1);
    }

    @Test
    void garbageIsUndecodableBecauseItIsNotSingleObjectEncoded() {
        byte[] json = "{\"id\": \"t-1\"}".getBytes(StandardCharsets.UTF_8);

        for (byte[] garbage : List.of(json, new byte[0], new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})) {
            assertThatThrownBy(() -> codec.decode(garbage, Task.class))
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining("not Avro single-object encoded");
            assertThatThrownBy(() -> codec.decodeAsWritten(garbage))
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining("not Avro single-object encoded");
        }
    }

    @Test
    void anUnknownFingerprintIsUndecodableAndNamesTheFingerprint() {
        byte[] bytes = codec.encode(signupV1("u-1", 1));
        SingleObjectCodec stranger = new SingleObjectCodec(new InMemorySchemaRegistry());
        String fingerprint = Long.toHexString(SchemaNormalization.parsingFingerprint64(SIGNUP_V1));

        assertThatThrownBy(() -> stranger.decode(bytes, SIGNUP_V2))
                .as("a reader schema other than the writer's needs the writer's schema")
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining(fingerprint);
        assertThatThrownBy(() -> stranger.decodeAsWritten(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining(fingerprint);
        assertThatThrownBy(() -> stranger.writerSchema(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining(fingerprint);
    }

    @Test
    void aTruncatedBodyIsUndecodable() {
        byte[] bytes = codec.encode(aTask());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() -> codec.decode(truncated, Task.class))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining(Long.toHexString(SingleObjectCodec.fingerprint(bytes)));
    }

    @Test
    void aNewReaderAppliesTheDefaultOfAFieldTheOldWriterDidNotHave() {
        byte[] writtenByV1 = codec.encode(signupV1("u-7", 2));
        registry.register(SIGNUP_V2);

        GenericRecord read = codec.decode(writtenByV1, SIGNUP_V2);

        assertThat(read.getSchema()).isEqualTo(SIGNUP_V2);
        assertThat(read.get("userId").toString()).isEqualTo("u-7");
        assertThat(read.get("visits")).isEqualTo(2);
        assertThat(read.get("plan").toString()).isEqualTo("free");
    }

    @Test
    void anOldReaderSkipsAFieldANewWriterAdded() {
        registry.register(SIGNUP_V1);
        GenericRecord v2 = new GenericRecordBuilder(SIGNUP_V2).set("userId", "u-8").set("visits", 5)
                .set("plan", "pro").build();

        GenericRecord read = codec.decode(codec.encode(v2), SIGNUP_V1);

        assertThat(read).isEqualTo(signupV1("u-8", 5));
    }

    @Test
    void encodingAnIncompatibleSchemaChangeIsRefused() {
        codec.encode(signupV1("u-1", 1));
        Schema visitsAsString = new Schema.Parser().parse(SIGNUP_V1.toString().replace("\"int\"", "\"string\""));
        GenericRecord changed = new GenericRecordBuilder(visitsAsString).set("userId", "u-1").set("visits", "many").build();

        assertThatThrownBy(() -> codec.encode(changed))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("test.codec.Signup");
    }

    @Test
    void aReaderWhoseSchemaIsTheWritersNeedsNoRegistry() {
        byte[] bytes = codec.encode(signupV1("u-1", 1));

        assertThat(new SingleObjectCodec(new InMemorySchemaRegistry()).decode(bytes, SIGNUP_V1))
                .isEqualTo(signupV1("u-1", 1));
    }

    @Test
    void aRecordThatDoesNotFitItsSchemaCannotBeEncoded() {
        GenericData.Record broken = new GenericData.Record(SIGNUP_V1);
        broken.put("userId", "u-1");
        broken.put("visits", "not a number");

        assertThatThrownBy(() -> codec.encode(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.codec.Signup");

        GenericData.Record missing = new GenericData.Record(SIGNUP_V1);
        missing.put("visits", 1);
        assertThatThrownBy(() -> codec.encode(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.codec.Signup");
    }

    private static GenericRecord signupV1(String userId, int visits) {
        return new GenericRecordBuilder(SIGNUP_V1).set("userId", userId).set("visits", visits).build();
    }

    static Task aTask() {
        return Task.newBuilder()
                .setId("t-1")
                .setType("welcome-email")
                .setQueue("emails")
                .setKey("u-1")
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setAttempt(2)
                .setMaxAttempts(5)
                .setEnqueuedAt(Instant.parse("2025-05-01T12:00:00.123Z"))
                .setRunAt(Instant.parse("2025-05-01T12:05:00Z"))
                .setExpiresAt(null)
                .setWorkflowId("wf-1")
                .setParentId("t-0")
                .setBatchId(null)
                .setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .setHeaders(Map.of("tenant", "acme"))
                .setFailures(List.of(Failure.newBuilder()
                        .setAttempt(1)
                        .setAt(Instant.parse("2025-05-01T12:00:01Z"))
                        .setWorker("host-a/1")
                        .setErrorClass("java.io.IOException")
                        .setMessage("smtp down")
                        .setStack("java.io.IOException: smtp down\n\tat X")
                        .build()))
                .build();
    }
}
