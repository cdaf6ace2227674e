package io.taskline.examples;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The figures of one account's monthly report: made-up but deterministic line items (the same
 * account, month and count always give the same lines) and their total.
 *
 * <p>Usage: {@code ReportFigures.of("acme", YearMonth.of(2026, 3), 10).total()}.
 *
 * @param account the account the report is for
 * @param month the month it covers
 * @param lines the line items, numbered from 1
 * @param total the sum of the line amounts
 */
public record ReportFigures(String account, YearMonth month, List<Line> lines, BigDecimal total) {

    private static final String[] ITEMS = {
        "Compute hours", "Storage GB-months", "Network egress GB", "API calls (thousands)",
        "Support plan", "Backups", "Load balancer hours", "Managed queues",
    };

    /**
     * One line item.
     *
     * @param number 1-based line number
     * @param item what was billed
     * @param amount its amount, two decimals
     */
    public record Line(int number, String item, BigDecimal amount) {
    }

    /** The figures of {@code account} for {@code month}, {@code count} lines of them. */
    public static ReportFigures of(String account, YearMonth month, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a report cannot have " + count + " lines");
        }
        // String.hashCode is specified by the JLS, so the seed is the same on every JVM.
        SplittableRandom random = new SplittableRandom((account + "|" + month).hashCode());
        List<Line> lines = new ArrayList<>(count);
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int i = 1; i <= count; i++) {
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextLong(250_000), 2);
            lines.add(new Line(i, ITEMS[random.nextInt(ITEMS.length)], amount));
            total = total.add(amount);
        }
        return new ReportFigures(account, month, List.copyOf(lines), total);
    }

    /** {@code amount} as the report prints it, e.g. {@code 12,345.67}. */
    public static String format(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }
}
