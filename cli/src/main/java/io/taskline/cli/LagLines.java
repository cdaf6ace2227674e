package io.taskline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.dlq.PartitionLag;
import io.taskline.dlq.QueueLag;
import io.taskline.dlq.TopicLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code taskline lag} prints a measurement: a table with one row per topic (queue, each
 * tier, DLQ) or, for {@code --json}, one object per queue.
 *
 * <p>Usage: {@code LagLines.table(lags).forEach(out::println);}
 */
public final class LagLines {

    private static final String ROW = "%-20s %-28s %-6s %5s %10s %10s %8s";

    private LagLines() {
    }

    /** The header and one row per topic of each queue. */
    public static List<String> table(List<QueueLag> lags) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, ROW, "QUEUE", "TOPIC", "ROLE", "PARTS", "BEHIND", "OLDEST", "MEMBERS"));
        for (QueueLag lag : lags) {
            String queue = lag.queue();
            for (TopicLag topic : lag.topics()) {
                rows.add(String.format(Locale.ROOT, ROW, queue, topic.topic(), role(topic), topic.partitions().size(),
                        topic.records(), topic.records() == 0 ? "-" : seconds(topic.age(lag.measuredAt())),
                        topic.group() == null ? "-" : Integer.toString(topic.members())));
                queue = "";
            }
        }
        return rows;
    }

    /** A queue's measurement as one JSON object, with each topic and partition. */
    public static ObjectNode json(QueueLag lag) {
        ObjectNode node = JsonOutput.object()
                .put("queue", lag.queue())
                .put("measuredAt", lag.measuredAt().toString())
                .put("group", lag.queueTopic().group())
                .put("records", lag.records())
                .put("ageSeconds", ageSeconds(lag.age()))
                .put("partitions", lag.queueTopic().partitions().size())
                .put("members", lag.queueTopic().members());
        ArrayNode topics = node.putArray("topics");
        for (TopicLag topic : lag.topics()) {
            ObjectNode t = topics.addObject()
                    .put("topic", topic.topic())
                    .put("role", topic.role().name().toLowerCase(Locale.ROOT))
                    .put("tier", topic.tier())
                    .put("group", topic.group())
                    .put("records", topic.records())
                    .put("ageSeconds", ageSeconds(topic.age(lag.measuredAt())))
                    .put("members", topic.members());
            ArrayNode partitions = t.putArray("partitions");
            for (PartitionLag p : topic.partitions()) {
                partitions.addObject()
                        .put("partition", p.partition())
                        .put("endOffset", p.endOffset())
                        .put("committedOffset", p.committedOffset())
                        .put("records", p.records())
                        .put("ageSeconds", ageSeconds(p.age(lag.measuredAt())));
            }
        }
        return node;
    }

    /** A duration in seconds with one decimal, e.g. {@code 12.3s}. */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static double ageSeconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String role(TopicLag topic) {
        return switch (topic.role()) {
            case QUEUE -> "queue";
            case TIER -> "tier";
            case DLQ -> "dlq";
        };
    }
}
