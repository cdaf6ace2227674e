package io.taskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.producer.RunTime;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.JsonRecords;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;

/**
 * Reads a file of tasks, one JSON object per line ({@code {"type": .., "key": .., "id": ..,
 * "maxAttempts": .., "payload": {..}}}, blank lines skipped), and turns every line into a
 * {@link TaskRequest}. The first bad line is an {@link IllegalArgumentException} naming it, e.g.
 * {@code line 7: field 'failTimes': expected int, got string "x"}.
 *
 * <p>Usage: {@code TaskLines.toRequests("demo", TaskLines.parse(lines), schemas::of, null, RunTime.now())}.
 */
public final class TaskLines {

    private static final Set<String> KEYS = Set.of("type", "key", "id", "maxAttempts", "payload");

    private TaskLines() {
    }

    /**
     * One task line, parsed but not yet converted.
     *
     * @param number the 1-based line number in the file
     * @param type the task type
     * @param key the ordering key, or null
     * @param id the task id, or null
     * @param maxAttempts the attempts override, or null
     * @param payload the payload as plain JSON
     */
    public record Line(int number, String type, String key, String id, Integer maxAttempts, JsonNode payload) {
    }

    /** Parses every non-blank line; throws naming the first line that is not a valid task line. */
    public static List<Line> parse(List<String> lines) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (!text.isBlank()) {
                int number = i + 1;
                out.add(atLine(number, () -> parseLine(number, text)));
            }
        }
        return out;
    }

    /**
     * Converts every line's payload with the schema of its type; one bad line rejects them all.
     *
     * @param schemaOfType the payload schema of a type; throws {@link IllegalArgumentException} for an unknown type
     * @param defaultMaxAttempts used for lines without {@code maxAttempts}, or null
     * @param runTime when every task runs
     */
    public static List<TaskRequest> toRequests(String queue, List<Line> lines, Function<String, Schema> schemaOfType,
                                               Integer defaultMaxAttempts, RunTime runTime) {
        List<TaskRequest> out = new ArrayList<>();
        for (Line line : lines) {
            out.add(atLine(line.number(), () -> {
                Schema schema = schemaOfType.apply(line.type());
                TaskRequest.Builder request = TaskRequest.to(queue).type(line.type()).key(line.key()).id(line.id())
                        .runTime(runTime).payload((GenericContainer) JsonRecords.fromJson(line.payload(), schema));
                Integer attempts = line.maxAttempts() != null ? line.maxAttempts() : defaultMaxAttempts;
                if (attempts != null) {
                    request.maxAttempts(attempts);
                }
                return request.build();
            }));
        }
        return out;
    }

    private static Line parseLine(int number, String text) {
        JsonNode node = JsonRecords.parse(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + node.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("unknown key '" + name + "' (expected type, key, id, maxAttempts, payload)");
            }
        }
        String type = text(node, "type", true);
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("'payload' must be a JSON object");
        }
        JsonNode attempts = node.get("maxAttempts");
        Integer maxAttempts = null;
        if (attempts != null && !attempts.isNull()) {
            if (!attempts.canConvertToInt() || !attempts.isIntegralNumber() || attempts.intValue() < 1) {
                throw new IllegalArgumentException("'maxAttempts' must be a whole number of at least 1, got " + attempts);
            }
            maxAttempts = attempts.intValue();
        }
        return new Line(number, type, text(node, "key", false), text(node, "id", false), maxAttempts, payload);
    }

    private static String text(JsonNode node, String name, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing '" + name + "'");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.textValue().isBlank())) {
            throw new IllegalArgumentException("'" + name + "' must be a non-empty string, got " + value);
        }
        return value.textValue();
    }

    private static <T> T atLine(int number, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
        }
    }
}
