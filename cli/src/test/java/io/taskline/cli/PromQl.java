package io.taskline.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression (or a Grafana variable query) reads. */
final class PromQl {

    /**
     * Series that Prometheus makes itself ({@code up}, per scrape target) or that the blackbox
     * exporter makes ({@code probe_success}); a worker never serves them.
     */
    static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "probe_success");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    // A name starts a token: not after a letter, digit, '.', ':' or '$' (so not "m" of "5m" nor "$var").
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,");

    private PromQl() {
    }

    /** Every metric name {@code expr} selects; functions, aggregations, labels, keywords and durations are not names. */
    static Set<String> metricNames(String expr) {
        String bare = STRING.matcher(expr).replaceAll(" ");
        bare = MATCHERS.matcher(bare).replaceAll(" ");
        bare = RANGE.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            boolean isCall = m.group(2) != null;
            String name = m.group(1);
            if (!isCall && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric of a Grafana {@code label_values(metric, label)} variable query. */
    static Optional<String> labelValuesMetric(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
