package io.taskline.dlq.testing;

import io.taskline.retry.QueueTopics;
import io.taskline.schemas.Failure;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes dead letters straight to a DLQ, shaped as the worker writes them (envelope with two
 * failures and a stack trace, DLQ headers), for tests that need many or need them fast:
 * {@code DlqWriter.write(settings, "emails", 1000, i -> "echo", i -> "timeout")}.
 */
public final class DlqWriter {

    private static final String STACK = "java.lang.IllegalStateException: upstream timeout\n"
            + "\tat com.acme.Handler.call(Handler.java:42)\n".repeat(20);

    private DlqWriter() {
    }

    /**
     * Writes {@code count} dead letters with ids {@code task-<i>}, keys {@code user-<i % 1000>}.
     *
     * @return the bytes written
     */
    public static long write(KafkaClientSettings settings, String queue, int count, IntFunction<String> type,
                             IntFunction<String> errorMessage) {
        String dlq = QueueTopics.of(queue).dlq();
        long bytes = 0;
        try (KafkaSchemaRegistry registry = KafkaSchemaRegistry.connect(settings);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.with(Map.of(
                     ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                     ProducerConfig.ACKS_CONFIG, "all")), new ByteArraySerializer(), new ByteArraySerializer())) {
            SingleObjectCodec codec = new SingleObjectCodec(registry);
            for (int i = 0; i < count; i++) {
                Task task = task(codec, queue, i, type.apply(i), errorMessage.apply(i));
                byte[] value = codec.encode(task);
                bytes += value.length;
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlq, null,
                        task.getKey().getBytes(StandardCharsets.UTF_8), value);
                header(record, TaskHeaders.TASK_ID, task.getId());
                header(record, TaskHeaders.TYPE, task.getType());
                header(record, TaskHeaders.DLQ_REASON, "failed 2 of 2 attempts");
                header(record, TaskHeaders.ORIGINAL_TOPIC, queue);
                header(record, TaskHeaders.ORIGINAL_PARTITION, "0");
                header(record, TaskHeaders.ORIGINAL_OFFSET, Integer.toString(i));
                producer.send(record);
            }
            producer.flush();
        }
        return bytes;
    }

    private static Task task(SingleObjectCodec codec, String queue, int i, String type, String message) {
        Instant at = Instant.parse("2026-01-31T10:00:00Z").plusMillis(i);
        List<Failure> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= 2; attempt++) {
            failures.add(Failure.newBuilder().setAttempt(attempt).setAt(at.plusSeconds(attempt)).setWorker("host-1/w-1")
                    .setErrorClass("java.lang.IllegalStateException").setMessage(message).setStack(STACK).build());
        }
        return Task.newBuilder().setId("task-" + i).setType(type).setQueue(queue).setKey("user-" + (i % 1000))
                .setPayload(ByteBuffer.wrap(codec.encode(Message.newBuilder().setMessage("payload " + i).build())))
                .setAttempt(2).setEnqueuedAt(at).setHeaders(new HashMap<>()).setFailures(failures)
                .setReplays(new ArrayList<>()).build();
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
