package io.taskline.dlq.internal;

import static io.taskline.dlq.testing.DeadLetters.T0;
import static io.taskline.dlq.testing.DeadLetters.aFailure;
import static io.taskline.dlq.testing.DeadLetters.aTask;
import static io.taskline.dlq.testing.DeadLetters.failures;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterDecoderTest {

    private static final long RECORD_TIME = T0.plusSeconds(600).toEpochMilli();

    private final SingleObjectCodec codec = new SingleObjectCodec(new InMemorySchemaRegistry());
    private final DeadLetterDecoder decoder = new DeadLetterDecoder(codec);

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("emails.dlq", 1, 17, RECORD_TIME, TimestampType.CREATE_TIME, -1, -1,
                key, value, headers, Optional.empty());
    }

    private static RecordHeaders headers(String... namesAndValues) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return h;
    }

    @Test
    void aDeadTaskShowsItsLastFailureAndWhereItCameFrom() {
        Task task = aTask("t-1").setAttempt(2).setFailures(failures(
                aFailure(1, T0, "java.lang.IllegalStateException", "first"),
                aFailure(2, T0.plusSeconds(5), "java.io.UncheckedIOException", "second"))).build();
        DeadLetter letter = decoder.decode(record("u-1".getBytes(StandardCharsets.UTF_8), codec.encode(task),
                headers(TaskHeaders.DLQ_REASON, "failed 2 of 2 attempts", TaskHeaders.ORIGINAL_TOPIC, "emails",
                        TaskHeaders.ORIGINAL_PARTITION, "1", TaskHeaders.ORIGINAL_OFFSET, "99")), true);

        assertThat(letter.taskId()).isEqualTo("t-1");
        assertThat(letter.type()).isEqualTo("echo");
        assertThat(letter.key()).isEqualTo("u-1");
        assertThat(letter.attempts()).isEqualTo(2);
        assertThat(letter.deadAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(letter.errorClass()).isEqualTo("java.io.UncheckedIOException");
        assertThat(letter.errorMessage()).isEqualTo("second");
        assertThat(letter.reason()).isEqualTo("failed 2 of 2 attempts");
        assertThat(letter.originalTopic()).isEqualTo("emails");
        assertThat(letter.originalPartition()).isEqualTo(1);
        assertThat(letter.originalOffset()).isEqualTo(99L);
        assertThat(letter.partition()).isEqualTo(1);
        assertThat(letter.offset()).isEqualTo(17L);
        assertThat(letter.position()).isEqualTo("1:17");
        assertThat(letter.replayed()).isTrue();
        assertThat(letter.undecodable()).isFalse();
        assertThat(letter.task()).isEqualTo(task);
        assertThat(letter.rawSize()).isEqualTo(codec.encode(task).length);
    }

    @Test
    void withoutFailuresTheAttemptCountsAndTheRecordTimeIsTheDeathTime() {
        Task task = aTask("t-2").setAttempt(1).build();
        DeadLetter letter = decoder.decode(record(null, codec.encode(task), headers()), false);
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(letter.deadAt().toEpochMilli()).isEqualTo(RECORD_TIME);
        assertThat(letter.errorClass()).isNull();
        assertThat(letter.originalPartition()).isNull();
    }

    @Test
    void aRecordTheWorkerMarkedUndecodableKeepsItsBytesAndReason() {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = decoder.decode(record("k-1".getBytes(StandardCharsets.UTF_8), garbage,
                headers(TaskHeaders.UNDECODABLE, "true",
                        TaskHeaders.DLQ_REASON, "undecodable: not Avro single-object encoded (no C3 01 header)")), false);

        assertThat(letter.undecodable()).isTrue();
        assertThat(letter.type()).isEqualTo(DeadLetter.UNDECODABLE_TYPE);
        assertThat(letter.task()).isNull();
        assertThat(letter.taskId()).isNull();
        assertThat(letter.key()).isEqualTo("k-1");
        assertThat(letter.rawValue()).isEqualTo(garbage);
        assertThat(letter.rawSize()).isEqualTo(garbage.length);
        assertThat(letter.reason()).startsWith("undecodable: ");
        assertThat(letter.errorClass()).isEqualTo("io.taskline.schemas.UndecodableRecordException");
        assertThat(letter.errorMessage()).isEqualTo("not Avro single-object encoded (no C3 01 header)");
        assertThat(letter.deadAt().toEpochMilli()).isEqualTo(RECORD_TIME);
    }

    @Test
    void aRecordThatDoesNotDecodeIsUndecodableEvenWithoutTheHeader() {
        DeadLetter garbage = decoder.decode(record(null, new byte[] {1, 2, 3}, headers(TaskHeaders.TASK_ID, "t-9")), false);
        assertThat(garbage.undecodable()).isTrue();
        assertThat(garbage.taskId()).as("from the header").isEqualTo("t-9");
        assertThat(garbage.errorMessage()).contains("C3 01");

        byte[] unknown = singleObject(0x0badc0ffee15bad1L);
        DeadLetter first = decoder.decode(record(null, unknown, headers()), false);
        DeadLetter second = decoder.decode(record(null, unknown, headers()), false);
        assertThat(first.errorMessage()).contains("unknown schema fingerprint").contains("badc0ffee15bad1");
        assertThat(second.errorMessage()).isEqualTo(first.errorMessage());

        assertThat(decoder.decode(record(null, null, headers()), false).errorMessage()).isEqualTo("empty record");
    }

    private static byte[] singleObject(long fingerprint) {
        ByteBuffer buffer = ByteBuffer.allocate(13);
        buffer.put((byte) 0xC3).put((byte) 0x01);
        buffer.order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
        buffer.put(new byte[] {2, 'h', 'i'});
        return buffer.array();
    }
}
