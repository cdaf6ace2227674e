package io.taskline.dlq.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.dlq.ReplayLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON value of a replay-ledger entry, e.g.
 * {@code {"replayedAt":"2026-01-31T12:00:00Z","to":"emails","partition":1,"offset":42,"taskId":"t-1","by":"ann@ops-1"}}.
 * Reading is lenient: an entry that does not parse still marks its dead letter as replayed.
 *
 * <p>Usage: {@code producer.send(new ProducerRecord<>(topic, key, LedgerJson.write(entry)));}
 */
public final class LedgerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LedgerJson() {
    }

    /** The JSON bytes of {@code entry}. */
    public static byte[] write(ReplayLedger.Entry entry) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("replayedAt", entry.replayedAt() == null ? null : entry.replayedAt().toString());
        node.put("to", entry.to());
        node.put("partition", entry.partition());
        node.put("offset", entry.offset());
        node.put("taskId", entry.taskId());
        node.put("by", entry.by());
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entry in {@code json}; fields that are missing or malformed are null. */
    public static ReplayLedger.Entry read(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return new ReplayLedger.Entry(null, null, null, null, null, null);
        }
        return new ReplayLedger.Entry(instant(node.get("replayedAt")), text(node.get("to")),
                node.path("partition").isInt() ? node.get("partition").intValue() : null,
                node.path("offset").isIntegralNumber() ? node.get("offset").longValue() : null,
                text(node.get("taskId")), text(node.get("by")));
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.textValue();
    }

    private static Instant instant(JsonNode node) {
        try {
            return node == null || !node.isTextual() ? null : Instant.parse(node.textValue());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
