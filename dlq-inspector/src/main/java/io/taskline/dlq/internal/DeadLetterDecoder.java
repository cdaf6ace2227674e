package io.taskline.dlq.internal;

import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.Failure;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a DLQ record into a {@link DeadLetter}: the envelope when it decodes, the raw bytes and
 * the reason when it does not. Not thread-safe: it remembers fingerprints the registry does not
 * know, so a DLQ full of one foreign schema does not re-read the registry once per record.
 *
 * <p>Usage: {@code DeadLetter letter = new DeadLetterDecoder(codec).decode(record, replayed.contains(pos));}
 */
public final class DeadLetterDecoder {

    /** The error class shown for records that could not be decoded. */
    public static final String UNDECODABLE_ERROR = UndecodableRecordException.class.getName();
    private static final String UNDECODABLE_PREFIX = "undecodable: ";

    private final RecordCodec codec;
    private final Set<Long> unknownFingerprints = new HashSet<>();

    /** A decoder reading envelopes with {@code codec}. */
    public DeadLetterDecoder(RecordCodec codec) {
        this.codec = codec;
    }

    /** The dead letter of {@code record}. */
    public DeadLetter decode(ConsumerRecord<byte[], byte[]> record, boolean replayed) {
        Map<String, String> headers = headers(record);
        DeadLetter.Builder b = DeadLetter.builder()
                .topic(record.topic()).partition(record.partition()).offset(record.offset())
                .headers(headers).rawKey(record.key()).rawValue(record.value()).replayed(replayed)
                .reason(headers.get(TaskHeaders.DLQ_REASON))
                .original(headers.get(TaskHeaders.ORIGINAL_TOPIC), parseInt(headers.get(TaskHeaders.ORIGINAL_PARTITION)),
                        parseLong(headers.get(TaskHeaders.ORIGINAL_OFFSET)));
        String undecodable = undecodableReason(record, headers);
        Task task = null;
        if (undecodable == null) {
            try {
                task = codec.decode(record.value(), Task.class);
            } catch (UndecodableRecordException e) {
                if (e.getCause() instanceof MissingSchemaException) {
                    unknownFingerprints.add(SingleObjectCodec.fingerprint(record.value()));
                }
                undecodable = e.getMessage();
            }
        }
        if (task == null) {
            return b.undecodable(true).taskId(headers.get(TaskHeaders.TASK_ID)).key(text(record.key()))
                    .deadAt(Instant.ofEpochMilli(record.timestamp())).error(UNDECODABLE_ERROR, undecodable).build();
        }
        return fromTask(b, task, record.timestamp()).build();
    }

    private static DeadLetter.Builder fromTask(DeadLetter.Builder b, Task task, long timestamp) {
        List<Failure> failures = task.getFailures();
        Failure last = failures.isEmpty() ? null : failures.get(failures.size() - 1);
        return b.task(task).taskId(task.getId()).type(task.getType()).key(task.getKey())
                .attempts(failures.isEmpty() ? task.getAttempt() : failures.size())
                .deadAt(last != null ? last.getAt() : Instant.ofEpochMilli(timestamp))
                .error(last == null ? null : last.getErrorClass(), last == null ? null : last.getMessage());
    }

    /** Why the record cannot be decoded without trying, or null when it is worth trying. */
    private String undecodableReason(ConsumerRecord<byte[], byte[]> record, Map<String, String> headers) {
        if ("true".equals(headers.get(TaskHeaders.UNDECODABLE))) {
            String reason = headers.getOrDefault(TaskHeaders.DLQ_REASON, "undecodable");
            return reason.startsWith(UNDECODABLE_PREFIX) ? reason.substring(UNDECODABLE_PREFIX.length()) : reason;
        }
        if (record.value() == null || record.value().length == 0) {
            return "empty record";
        }
        try {
            long fingerprint = SingleObjectCodec.fingerprint(record.value());
            return unknownFingerprints.contains(fingerprint)
                    ? "unknown schema fingerprint " + Long.toHexString(fingerprint) + " (not in the schema registry)"
                    : null;
        } catch (UndecodableRecordException e) {
            return e.getMessage();
        }
    }

    /** The record headers as UTF-8 text, last value per name. */
    public static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), text(h.value()));
        }
        return out;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Integer parseInt(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String text) {
        try {
            return text == null ? null : Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
