package io.taskline.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place topic names of a queue are made: the queue itself, one topic per retry tier and
 * the dead-letter topic.
 *
 * <p>Usage: {@code QueueTopics.of("emails").tier(Duration.ofSeconds(5))} is
 * {@code "emails.retry.5s"}; {@code .dlq()} is {@code "emails.dlq"}.
 */
public final class QueueTopics {

    private final String queue;

    private QueueTopics(String queue) {
        this.queue = queue;
    }

    /** The topics of {@code queue}; the name must be a legal Kafka topic name. */
    public static QueueTopics of(String queue) {
        if (queue == null || !queue.matches("[a-zA-Z0-9._-]{1,200}") || queue.equals(".") || queue.equals("..")) {
            throw new IllegalArgumentException("'" + queue + "' is not a valid queue name (letters, digits, . _ -)");
        }
        return new QueueTopics(queue);
    }

    /**
     * Why {@code topic} cannot be a queue (a shared Taskline topic, a tier or a dead-letter topic),
     * or null when it can.
     */
    public static String notAQueue(String topic) {
        if (topic.startsWith("taskline.")) {
            return "'" + topic + "' is a shared Taskline topic, not a queue";
        }
        if (topic.matches(".+\\.retry\\.\\d+(ms|s|m|h|d)")) {
            return "'" + topic + "' is a retry tier topic, not a queue";
        }
        if (topic.endsWith(".dlq") || topic.endsWith(".dlq.replayed")) {
            return "'" + topic + "' is a dead-letter topic, not a queue";
        }
        return null;
    }

    /** The queue topic, where new and retried tasks wait. */
    public String queue() {
        return queue;
    }

    /** The tier topic for one delay. */
    public String tier(Duration delay) {
        return queue + ".retry." + Durations.format(delay);
    }

    /** The dead-letter topic. */
    public String dlq() {
        return queue + ".dlq";
    }

    /** The queue, each tier and the dead-letter topic, in that order. */
    public List<String> all(List<Duration> tiers) {
        List<String> out = new ArrayList<>();
        out.add(queue());
        tiers.forEach(t -> out.add(tier(t)));
        out.add(dlq());
        return out;
    }
}
