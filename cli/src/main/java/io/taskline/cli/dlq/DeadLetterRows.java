package io.taskline.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.cli.JsonOutput;
import io.taskline.dlq.DeadLetter;
import io.taskline.dlq.ScanResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How {@code dlq list} prints dead letters: a table (DLQ position, task id, type, key, attempts,
 * dead-at, replayed, last error cut to one line) or one JSON object per dead letter.
 *
 * <p>Usage: {@code DeadLetterRows.table(result.letters()).forEach(out::println);}
 */
public final class DeadLetterRows {

    /** The longest last-error text a table row shows. */
    static final int MAX_ERROR = 120;

    private DeadLetterRows() {
    }

    /** The header and one row per dead letter. */
    public static List<String> table(List<DeadLetter> letters) {
        Table table = new Table("DLQ", "TASK ID", "TYPE", "KEY", "ATTEMPTS", "DEAD AT", "REPLAYED", "LAST ERROR");
        for (DeadLetter l : letters) {
            table.row(l.position(), l.taskId(), l.type(), l.key(), Integer.toString(l.attempts()), time(l.deadAt()),
                    l.replayed() ? "yes" : "no", lastError(l));
        }
        return table.lines();
    }

    /** One dead letter as a JSON object, for {@code --json}. */
    public static ObjectNode json(DeadLetter l) {
        ObjectNode node = JsonOutput.object()
                .put("taskId", l.taskId())
                .put("type", l.type())
                .put("key", l.key())
                .put("attempts", l.attempts())
                .put("deadAt", l.deadAt() == null ? null : l.deadAt().toString())
                .put("errorClass", l.errorClass())
                .put("errorMessage", l.errorMessage())
                .put("topic", l.topic())
                .put("partition", l.partition())
                .put("offset", l.offset())
                .put("replayed", l.replayed())
                .put("undecodable", l.undecodable())
                .put("reason", l.reason())
                .put("rawSize", l.rawSize());
        node.putObject("origin").put("topic", l.originalTopic()).put("partition", l.originalPartition())
                .put("offset", l.originalOffset());
        return node;
    }

    /** The line under the table: how many matched, how many were read, and whether a limit cut the list. */
    public static String summary(ScanResult result, String dlqTopic) {
        String read = result.scanned() + " records of " + dlqTopic + " read in " + result.took().toMillis() + " ms";
        if (result.matched() == 0) {
            return "no dead letters match (" + read + ")";
        }
        if (result.limited()) {
            return "showing the " + result.letters().size() + " oldest of " + result.matched()
                    + " matching dead letters (" + read + "; --limit 0 shows all)";
        }
        return result.matched() + (result.matched() == 1 ? " dead letter" : " dead letters") + " (" + read + ")";
    }

    /** The last error as {@code SimpleName: message} on one line, cut to {@value #MAX_ERROR} characters. */
    static String lastError(DeadLetter l) {
        String text;
        if (l.undecodable()) {
            text = "undecodable: " + l.errorMessage() + " (" + l.rawSize() + " bytes)";
        } else if (l.errorClass() == null) {
            text = l.reason() == null ? "-" : l.reason();
        } else {
            String simple = l.errorClass().substring(l.errorClass().lastIndexOf('.') + 1);
            text = l.errorMessage() == null || l.errorMessage().isEmpty() ? simple : simple + ": " + l.errorMessage();
        }
        return cut(oneLine(text), MAX_ERROR);
    }

    /** {@code text} with every run of line breaks and the blanks around them made one space. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** {@code text}, cut to {@code max} characters with an ellipsis when longer. */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /** An instant to the second, e.g. {@code 2026-01-31T10:00:01Z}. */
    static String time(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
