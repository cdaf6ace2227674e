package io.taskline.cli.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DeadLetterStory} document for people: a summary, the payload as indented
 * JSON, the headers, the replays, and each failure with its stack cut to
 * {@value #STACK_LINES} lines. Reads only the (already redacted) document.
 *
 * <p>Usage: {@code StoryText.lines(story).forEach(out::println);}
 */
public final class StoryText {

    /** Stack lines shown per failure; {@code --json} has the whole stack as the worker kept it. */
    static final int STACK_LINES = 8;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FIELD = "  %-13s %s";

    private StoryText() {
    }

    /** The story as lines of text. */
    public static List<String> lines(JsonNode story) {
        List<String> out = new ArrayList<>();
        boolean undecodable = story.path("undecodable").asBoolean();
        out.add((undecodable ? "undecodable record" : "dead letter of task " + story.path("taskId").asText())
                + " on " + story.path("topic").asText() + " " + story.path("partition").asText() + ":"
                + story.path("offset").asText() + (story.path("replayed").asBoolean() ? " (replayed)" : " (not replayed)"));
        summary(out, story, story.path("envelope"));
        if (undecodable) {
            field(out, "raw size", story.path("rawSize").asText() + " bytes");
            field(out, "raw text", DeadLetterRows.oneLine(story.path("rawText").asText()));
        } else {
            payload(out, story);
        }
        map(out, "task headers", story.path("envelope").path("headers"));
        map(out, "record headers", story.path("headers"));
        replays(out, story.path("envelope").path("replays"));
        failures(out, story.path("failures"));
        return out;
    }

    private static void summary(List<String> out, JsonNode story, JsonNode envelope) {
        field(out, "type", text(story.path("type")));
        field(out, "key", text(story.path("key")));
        if (!story.path("undecodable").asBoolean()) {
            String max = text(envelope.path("maxAttempts"));
            field(out, "attempts", story.path("attempts").asText() + (max == null ? "" : " (max " + max + ")"));
        }
        field(out, "dead at", text(story.path("deadAt")));
        String error = join(text(story.path("errorClass")), text(story.path("errorMessage")));
        field(out, "last error", error == null ? null : DeadLetterRows.oneLine(error));
        field(out, "reason", text(story.path("reason")));
        JsonNode origin = story.path("origin");
        if (text(origin.path("topic")) != null) {
            field(out, "origin", origin.path("topic").asText() + " " + origin.path("partition").asText() + ":"
                    + origin.path("offset").asText());
        }
        for (String name : List.of("enqueuedAt", "runAt", "expiresAt", "workflowId", "parentId", "batchId", "traceparent")) {
            field(out, label(name), text(envelope.path(name)));
        }
        JsonNode replay = story.path("replay");
        if (!replay.isMissingNode()) {
            field(out, "replayed", replay.path("replayedAt").asText() + " to " + replay.path("to").asText() + " "
                    + replay.path("partition").asText() + ":" + replay.path("offset").asText()
                    + (text(replay.path("by")) == null ? "" : " by " + replay.path("by").asText()));
        }
        List<String> others = new ArrayList<>();
        story.path("otherDeaths").forEach(p -> others.add(p.asText()));
        if (!others.isEmpty()) {
            field(out, "also dead at", String.join(", ", others) + " (earlier dead letters of this task)");
        }
    }

    private static void payload(List<String> out, JsonNode story) {
        out.add("");
        JsonNode payload = story.path("payload");
        if (payload.isMissingNode() || payload.isNull()) {
            out.add("payload  cannot be decoded: " + text(story.path("payloadError")));
            return;
        }
        out.add("payload  " + story.path("payloadSchema").asText());
        try {
            MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(payload).lines().forEach(l -> out.add("  " + l));
        } catch (JsonProcessingException e) {
            out.add("  " + payload);
        }
    }

    private static void map(List<String> out, String title, JsonNode map) {
        if (map.isEmpty()) {
            return;
        }
        out.add("");
        out.add(title);
        map.fields().forEachRemaining(e -> out.add("  " + e.getKey() + " = " + e.getValue().asText()));
    }

    private static void replays(List<String> out, JsonNode replays) {
        if (replays.isEmpty()) {
            return;
        }
        out.add("");
        out.add("replays (" + replays.size() + ")");
        replays.forEach(r -> out.add("  " + r.path("replayedAt").asText() + " from " + r.path("fromTopic").asText() + " "
                + r.path("fromPartition").asText() + ":" + r.path("fromOffset").asText()
                + (text(r.path("by")) == null ? "" : " by " + r.path("by").asText())));
    }

    private static void failures(List<String> out, JsonNode failures) {
        if (failures.isMissingNode()) {
            return;
        }
        out.add("");
        out.add("failures (" + failures.size() + ")");
        List<String> previous = null;
        String previousAttempt = null;
        for (JsonNode f : failures) {
            out.add("  attempt " + f.path("attempt").asText() + "  " + f.path("at").asText() + "  on "
                    + f.path("worker").asText());
            out.add("    " + DeadLetterRows.oneLine(join(text(f.path("errorClass")), text(f.path("message")))));
            List<String> frames = frames(f);
            if (frames.equals(previous)) {
                out.add("      (same stack as attempt " + previousAttempt + ")");
                continue;
            }
            frames.stream().limit(STACK_LINES).forEach(l -> out.add("      " + l.strip()));
            if (frames.size() > STACK_LINES) {
                int more = frames.size() - STACK_LINES;
                out.add("      ... " + more + (more == 1 ? " more line" : " more lines") + " (--json shows the whole stack)");
            }
            previous = frames;
            previousAttempt = f.path("attempt").asText();
        }
    }

    /** The stack lines of a failure below its first line, which repeats the class and message printed above. */
    private static List<String> frames(JsonNode failure) {
        List<String> stack = failure.path("stack").asText().lines().filter(l -> !l.isBlank()).toList();
        return !stack.isEmpty() && stack.get(0).startsWith(failure.path("errorClass").asText())
                ? stack.subList(1, stack.size()) : stack;
    }

    private static void field(List<String> out, String label, String value) {
        if (value != null) {
            out.add(String.format(Locale.ROOT, FIELD, label, value));
        }
    }

    private static String label(String camelCase) {
        return camelCase.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
    }

    private static String join(String errorClass, String message) {
        if (errorClass == null) {
            return message;
        }
        return message == null || message.isEmpty() ? errorClass : errorClass + ": " + message;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
