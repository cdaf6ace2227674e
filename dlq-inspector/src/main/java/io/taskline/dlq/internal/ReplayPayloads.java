package io.taskline.dlq.internal;

import io.taskline.dlq.DeadLetter;
import io.taskline.dlq.PayloadEdit;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * The payload bytes a replay sends: the original, or the edited payload re-encoded with its own schema.
 *
 * <p>Usage: {@code byte[] payload = ReplayPayloads.prepare(letter, options.edits(), codec);}
 */
public final class ReplayPayloads {

    private ReplayPayloads() {
    }

    /**
     * The payload to send for {@code letter}.
     *
     * @throws IllegalArgumentException naming the task and the field when an edit does not fit,
     *     or when the payload cannot be decoded to be edited
     */
    public static byte[] prepare(DeadLetter letter, List<PayloadEdit> edits, RecordCodec codec) {
        byte[] original = bytesOf(letter);
        if (edits.isEmpty()) {
            return original;
        }
        GenericRecord payload;
        try {
            payload = codec.decodeAsWritten(original);
        } catch (UndecodableRecordException e) {
            throw new IllegalArgumentException(describe(letter) + ": cannot edit a payload that does not decode: "
                    + e.getMessage(), e);
        }
        try {
            return codec.encode(PayloadEditor.apply(payload, edits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(letter) + ": " + e.getMessage(), e);
        }
    }

    /** The encoded payload bytes of a decodable letter. */
    public static byte[] bytesOf(DeadLetter letter) {
        ByteBuffer buffer = letter.task().getPayload().duplicate();
        byte[] payload = new byte[buffer.remaining()];
        buffer.get(payload);
        return payload;
    }

    private static String describe(DeadLetter letter) {
        return "task " + letter.taskId() + " (type " + letter.type() + ", dead letter " + letter.position() + ")";
    }
}
