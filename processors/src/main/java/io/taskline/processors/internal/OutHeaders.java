package io.taskline.processors.internal;

import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the headers of records the worker writes. */
public final class OutHeaders {

    private OutHeaders() {
    }

    /** A copy of {@code in} without Taskline's routing headers, which each hop sets afresh. */
    public static Headers carried(Headers in) {
        Headers out = new org.apache.kafka.common.header.internals.RecordHeaders();
        for (Header h : in) {
            if (!h.key().equals(TaskHeaders.DUE_AT) && !h.key().startsWith("taskline.dlq.")
                    && !h.key().startsWith("taskline.original.") && !h.key().equals(TaskHeaders.UNDECODABLE)) {
                out.add(h);
            }
        }
        return out;
    }

    /** Sets a string header. */
    public static Headers put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The headers of a dead letter: the reason and where the record was read. */
    public static Headers deadLetter(Headers in, String reason, RecordMetadata origin) {
        Headers out = carried(in);
        put(out, TaskHeaders.DLQ_REASON, reason);
        if (origin != null) {
            put(out, TaskHeaders.ORIGINAL_TOPIC, origin.topic());
            put(out, TaskHeaders.ORIGINAL_PARTITION, Integer.toString(origin.partition()));
            put(out, TaskHeaders.ORIGINAL_OFFSET, Long.toString(origin.offset()));
        }
        return out;
    }
}
