package io.taskline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Writes {@code --json} output: one compact JSON object per line, so scripts can read it line by line.
 *
 * <p>Usage: {@code JsonOutput.println(out, JsonOutput.object().put("id", id));}
 */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {
    }

    /** A new empty object to fill. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The node as one line of JSON. */
    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints the node as one line and flushes, so a reader of a pipe sees it at once. */
    public static void println(PrintWriter out, JsonNode node) {
        out.println(line(node));
        out.flush();
    }
}
