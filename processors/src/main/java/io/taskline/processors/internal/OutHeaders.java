package io.taskline.processors.internal;

import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /**
     * The headers of a dead letter: the reason and where the record was read. Without an
     * {@code origin} (a delayed task fired by a punctuator), the origin headers that {@code in}
     * carries from where the task was parked.
     */
    public static Headers deadLetter(Headers in, String reason, RecordMetadata origin) {
        Headers out = carried(in);
        put(out, TaskHeaders.DLQ_REASON, reason);
        if (origin != null) {
            origin(out, origin);
        } else {
            for (String name : List.of(TaskHeaders.ORIGINAL_TOPIC, TaskHeaders.ORIGINAL_PARTITION,
                    TaskHeaders.ORIGINAL_OFFSET)) {
                Header h = in.lastHeader(name);
                if (h != null) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    /** Sets the headers that say where a record was read. */
    public static Headers origin(Headers headers, RecordMetadata origin) {
        put(headers, TaskHeaders.ORIGINAL_TOPIC, origin.topic());
        put(headers, TaskHeaders.ORIGINAL_PARTITION, Integer.toString(origin.partition()));
        put(headers, TaskHeaders.ORIGINAL_OFFSET, Long.toString(origin.offset()));
        return headers;
    }
}
