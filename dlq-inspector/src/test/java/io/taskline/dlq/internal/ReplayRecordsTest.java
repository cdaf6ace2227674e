package io.taskline.dlq.internal;

import static io.taskline.dlq.testing.DeadLetters.aDeadLetter;
import static io.taskline.dlq.testing.DeadLetters.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class ReplayRecordsTest {

    @Test
    void keepsTheKeyBytesAndCarriedHeadersAndDropsTheDlqRoutingHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("traceparent", "00-abc-def-01");
        headers.put(TaskHeaders.TASK_ID, "stale");
        headers.put(TaskHeaders.DLQ_REASON, "failed 3 of 3 attempts");
        headers.put(TaskHeaders.ORIGINAL_TOPIC, "emails");
        headers.put(TaskHeaders.ORIGINAL_OFFSET, "5");
        headers.put(TaskHeaders.DUE_AT, "123");
        Task task = aTask("t-1").build();
        DeadLetter letter = aDeadLetter("t-1").rawKey("u-1".getBytes(StandardCharsets.UTF_8)).headers(headers).build();

        ProducerRecord<byte[], byte[]> record = ReplayRecords.of(letter, task, new byte[] {1}, "emails");

        assertThat(record.topic()).isEqualTo("emails");
        assertThat(record.partition()).as("the partitioner picks by key, as for the original").isNull();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u-1");
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            assertThat(out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8))).as("one %s", h.key()).isNull();
        }
        assertThat(out).containsOnly(Map.entry("traceparent", "00-abc-def-01"), Map.entry(TaskHeaders.TASK_ID, "t-1"),
                Map.entry(TaskHeaders.TYPE, "echo"));
    }

    @Test
    void withoutARecordKeyTheTaskKeyIsUsed() {
        ProducerRecord<byte[], byte[]> record = ReplayRecords.of(aDeadLetter("t-1").build(), aTask("t-1").build(),
                new byte[] {1}, "emails");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u-1");
    }
}
