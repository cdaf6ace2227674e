package io.taskline.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.taskline.schemas.JsonRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hides the values of sensitive fields before a payload or envelope is shown: every object member
 * whose name is configured (case-sensitive, at any depth, inside arrays and maps too) gets the
 * value {@value #MASK}, whatever its type.
 *
 * <p>Usage: {@code Redactor.of(config.redactFields()).redact(DeadLetterPayloads.payloadAsJsonTree(letter, registry))}.
 */
public final class Redactor {

    /** What a redacted value becomes. */
    public static final String MASK = "***";

    private static final Redactor NONE = new Redactor(Set.of());

    private final Set<String> fields;

    private Redactor(Set<String> fields) {
        this.fields = Set.copyOf(fields);
    }

    /** A redactor that hides nothing. */
    public static Redactor none() {
        return NONE;
    }

    /**
     * A redactor for these field names; surrounding blanks are trimmed and empty names ignored.
     *
     * @throws IllegalArgumentException for a name with inner whitespace, quoting it
     */
    public static Redactor of(Collection<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            String n = name == null ? "" : name.trim();
            if (n.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(DeadLetterConfig.REDACT_FIELDS_CONFIG + ": '" + name
                        + "' is not a field name (no spaces)");
            }
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out.isEmpty() ? NONE : new Redactor(out);
    }

    /** A redactor for a comma-separated list such as {@code password,ssn,card.number}. */
    public static Redactor parse(String commaSeparated) {
        return of(commaSeparated == null ? Set.of() : Arrays.asList(commaSeparated.split(",")));
    }

    /** A redactor for the {@code redact.fields} key of {@code config}. */
    public static Redactor from(DeadLetterConfig config) {
        return of(config.redactFields());
    }

    /** The field names this redactor hides. */
    public Set<String> fields() {
        return fields;
    }

    /** A redacted deep copy of {@code json}; the input is not changed. */
    public JsonNode redact(JsonNode json) {
        JsonNode copy = json.deepCopy();
        if (!fields.isEmpty()) {
            mask(copy);
        }
        return copy;
    }

    /** The redacted JSON text of {@code json}. */
    public String redact(String json) {
        return fields.isEmpty() ? json : redact(JsonRecords.parse(json)).toString();
    }

    private void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (fields.contains(name)) {
                    object.set(name, TextNode.valueOf(MASK));
                } else {
                    mask(object.get(name));
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(this::mask);
        }
    }
}
