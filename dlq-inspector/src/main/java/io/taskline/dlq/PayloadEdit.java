package io.taskline.dlq;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --set field=value} edit of a dead letter's payload before it is replayed. The path
 * names a payload field, dotted into nested records ({@code address.city}); the value is text,
 * converted to the field's type when the edit is applied: a string as it is, a number, a boolean,
 * an enum symbol, {@code null} for an optional field, or a JSON literal for records, arrays and
 * maps. A JSON string literal ({@code "\"null\""}) gives exactly that string.
 *
 * <p>Usage: {@code PayloadEdit.parse("to=ann@example.com")}.
 *
 * @param path the dotted field path
 * @param value the new value as text
 */
public record PayloadEdit(String path, String value) {

    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** Validates the path; throws {@link IllegalArgumentException} quoting it. */
    public PayloadEdit {
        Objects.requireNonNull(value, "value");
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + path + "' is not a payload field path (e.g. to, address.city)");
        }
    }

    /**
     * Parses {@code field=value}; the value is everything after the first {@code =} and may be empty.
     *
     * @throws IllegalArgumentException quoting the text when it has no {@code =} or a bad path
     */
    public static PayloadEdit parse(String text) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "' is not field=value");
        }
        return new PayloadEdit(text.substring(0, eq).trim(), text.substring(eq + 1));
    }

    @Override
    public String toString() {
        return path + "=" + value;
    }
}
