package io.taskline.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.dlq.internal.ReplayPayloads;
import io.taskline.schemas.JsonRecords;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.UndecodableRecordException;
import org.apache.avro.generic.GenericRecord;

/**
 * A dead letter's payload as plain JSON, decoded with the schema it was written with (found by
 * its fingerprint in the registry), so it shows exactly what the publisher sent even when the
 * worker's schema has moved on.
 *
 * <p>Usage: {@code String json = redactor.redact(DeadLetterPayloads.payloadAsJson(letter, reader.registry()));}
 */
public final class DeadLetterPayloads {

    private DeadLetterPayloads() {
    }

    /**
     * The payload of {@code letter} as plain JSON text, e.g. {@code {"to":"ann@example.com"}}.
     *
     * @throws UndecodableRecordException when the letter is undecodable or its payload cannot be
     *     decoded (unknown schema, corrupt bytes), with the reason
     */
    public static String payloadAsJson(DeadLetter letter, SchemaRegistry registry) {
        return payloadAsJsonTree(letter, registry).toString();
    }

    /** The payload of {@code letter} as a JSON tree, to embed in a larger document. */
    public static JsonNode payloadAsJsonTree(DeadLetter letter, SchemaRegistry registry) {
        GenericRecord payload = payloadRecord(letter, registry);
        return JsonRecords.toJsonTree(payload, payload.getSchema());
    }

    /**
     * The payload a replay of {@code plan} sends for {@code plan.toReplay().get(index)}, edits
     * applied, as a JSON tree: what {@code --dry-run} shows of a {@code --set} fix.
     *
     * <p>Usage: {@code JsonNode fixed = DeadLetterPayloads.replayPayloadAsJsonTree(plan, 0, replayer.reader().registry());}
     */
    public static JsonNode replayPayloadAsJsonTree(ReplayPlan plan, int index, SchemaRegistry registry) {
        GenericRecord payload = new SingleObjectCodec(registry).decodeAsWritten(plan.payload(index));
        return JsonRecords.toJsonTree(payload, payload.getSchema());
    }

    /** The payload of {@code letter} decoded as a generic record of its writer schema. */
    public static GenericRecord payloadRecord(DeadLetter letter, SchemaRegistry registry) {
        if (letter.undecodable()) {
            throw new UndecodableRecordException("dead letter " + letter.position() + " of " + letter.topic()
                    + " is undecodable: " + letter.errorMessage(), null);
        }
        return new SingleObjectCodec(registry).decodeAsWritten(ReplayPayloads.bytesOf(letter));
    }
}
