package io.taskline.cli.dlq;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their widest cell; the last column is not
 * padded, so a long last cell (an error message) does not push the others.
 *
 * <p>Usage: {@code Table t = new Table("ID", "TYPE"); t.row("t-1", "echo"); t.lines().forEach(out::println);}
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers. */
    Table(String... headers) {
        rows.add(headers.clone());
    }

    /** Adds a row; null cells print as {@code -}. */
    Table row(String... cells) {
        String[] copy = new String[rows.get(0).length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = i < cells.length && cells[i] != null ? cells[i] : "-";
        }
        rows.add(copy);
        return this;
    }

    /** The header line and one line per row, columns two spaces apart. */
    List<String> lines() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : pad(row[i], widths[i])).append(i == columns - 1 ? "" : "  ");
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }
}
