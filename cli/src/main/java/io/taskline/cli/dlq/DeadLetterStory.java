package io.taskline.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.dlq.DeadLetter;
import io.taskline.dlq.DeadLetterPayloads;
import io.taskline.dlq.Redactor;
import io.taskline.dlq.ReplayLedger;
import io.taskline.schemas.Failure;
import io.taskline.schemas.JsonRecords;
import io.taskline.schemas.Replay;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.Task;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * The whole story of one dead letter as one JSON document, with the configured fields of the
 * payload and of the task and record headers redacted:
 * where it sits and where it came from, the envelope, the payload decoded through its own schema,
 * the record headers, and every failure. {@code dlq show --json} prints it; {@link StoryText}
 * renders it for people.
 *
 * <p>Usage: {@code ObjectNode story = DeadLetterStory.of(letter, reader.registry(), Redactor.from(config));}
 */
public final class DeadLetterStory {

    /** Characters of an undecodable record's value shown as text. */
    static final int RAW_PREVIEW = 200;

    private DeadLetterStory() {
    }

    /**
     * The story of {@code letter}; {@code otherDeaths} are the DLQ positions of earlier dead
     * letters of the same task. Redacted names are masked wherever they occur in the payload and
     * the headers; error messages are the handler's text and are shown as they are.
     */
    public static ObjectNode of(DeadLetter letter, SchemaRegistry registry, Redactor redactor, List<String> otherDeaths) {
        return of(letter, registry, redactor, otherDeaths, null);
    }

    /** The story, with {@code replay}, the ledger's record of this dead letter's replay (null if none). */
    public static ObjectNode of(DeadLetter letter, SchemaRegistry registry, Redactor redactor, List<String> otherDeaths,
                                ReplayLedger.Entry replay) {
        ObjectNode story = DeadLetterRows.json(letter);
        otherDeaths.forEach(story.putArray("otherDeaths")::add);
        if (replay != null) {
            story.putObject("replay").put("replayedAt", millis(replay.replayedAt())).put("to", replay.to())
                    .put("partition", replay.partition()).put("offset", replay.offset()).put("by", replay.by());
        }
        headers(story.putObject("headers"), letter.headers());
        Task task = letter.task();
        if (task == null) {
            story.put("rawText", DeadLetterRows.cut(new String(letter.rawValue(), StandardCharsets.UTF_8), RAW_PREVIEW));
        } else {
            envelope(story.putObject("envelope"), task);
            payload(story, letter, registry);
            failures(story.putArray("failures"), task.getFailures());
        }
        redact(story, "payload", redactor);
        redact(story, "headers", redactor);
        if (story.has("envelope")) {
            redact((ObjectNode) story.get("envelope"), "headers", redactor);
        }
        return story;
    }

    /** Redacts user data only: Taskline's own fields (an error message, a failure) keep their names' values. */
    private static void redact(ObjectNode parent, String name, Redactor redactor) {
        JsonNode child = parent.get(name);
        if (child != null && !child.isNull()) {
            parent.set(name, redactor.redact(child));
        }
    }

    private static void envelope(ObjectNode node, Task task) {
        node.put("id", task.getId()).put("type", task.getType()).put("queue", task.getQueue()).put("key", task.getKey())
                .put("attempt", task.getAttempt()).put("maxAttempts", task.getMaxAttempts())
                .put("enqueuedAt", text(task.getEnqueuedAt())).put("runAt", text(task.getRunAt()))
                .put("expiresAt", text(task.getExpiresAt())).put("workflowId", task.getWorkflowId())
                .put("parentId", task.getParentId()).put("batchId", task.getBatchId())
                .put("traceparent", task.getTraceparent());
        headers(node.putObject("headers"), task.getHeaders());
        ArrayNode replays = node.putArray("replays");
        for (Replay r : task.getReplays()) {
            replays.addObject().put("replayedAt", text(r.getReplayedAt())).put("fromTopic", r.getFromTopic())
                    .put("fromPartition", r.getFromPartition()).put("fromOffset", r.getFromOffset()).put("by", r.getBy());
        }
    }

    private static void payload(ObjectNode story, DeadLetter letter, SchemaRegistry registry) {
        try {
            GenericRecord payload = DeadLetterPayloads.payloadRecord(letter, registry);
            story.put("payloadSchema", payload.getSchema().getFullName());
            story.set("payload", JsonRecords.toJsonTree(payload, payload.getSchema()));
        } catch (UndecodableRecordException e) {
            story.putNull("payload");
            story.put("payloadError", e.getMessage());
        }
    }

    private static void failures(ArrayNode node, List<Failure> failures) {
        for (Failure f : failures) {
            node.addObject().put("attempt", f.getAttempt()).put("at", text(f.getAt())).put("worker", f.getWorker())
                    .put("errorClass", f.getErrorClass()).put("message", f.getMessage()).put("stack", f.getStack());
        }
    }

    private static void headers(ObjectNode node, Map<? extends CharSequence, ? extends CharSequence> headers) {
        headers.forEach((name, value) -> node.put(name.toString(), value == null ? null : value.toString()));
    }

    private static String millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
