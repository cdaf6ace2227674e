package io.taskline.processors.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The largest record the worker's producer sends ({@code max.request.size}) and what a record
 * weighs against it. A record over it fails the send, and Kafka Streams then fails the stream
 * thread: the task would run again and fail the same way, for ever. Outcomes are weighed before
 * they are forwarded.
 *
 * <p>Usage: {@code RecordLimit limit = RecordLimit.from(ctx.appConfigs()); if (!limit.fits(record)) ...}
 */
final class RecordLimit {

    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** Room left for the batch and record framing, with a margin. */
    static final int FRAMING_BYTES = 1_024;

    private final int maxBytes;

    RecordLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The limit of the worker's producer, from the Kafka Streams configs ({@code kafka.max.request.size}). */
    static RecordLimit from(Map<String, Object> appConfigs) {
        Object value = appConfigs.get("producer.max.request.size");
        if (value == null) {
            value = appConfigs.get("max.request.size");
        }
        return new RecordLimit(value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim()));
    }

    /** The {@code max.request.size} weighed against. */
    int maxBytes() {
        return maxBytes;
    }

    /** Key, value and headers of {@code record}, plus the framing. */
    int sizeOf(Record<byte[], byte[]> record) {
        int size = FRAMING_BYTES + length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            size += header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return size;
    }

    /** True when the producer will send {@code record}. */
    boolean fits(Record<byte[], byte[]> record) {
        return sizeOf(record) <= maxBytes;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
