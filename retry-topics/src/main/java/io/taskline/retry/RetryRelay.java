package io.taskline.retry;

import io.taskline.retry.internal.TierRelay;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings failed tasks of one queue back from its tier topics when they fall due: one consumer
 * per tier, each on its own thread, forwarding and committing in one transaction.
 *
 * <p>Usage: {@code try (RetryRelay relay = RetryRelay.start(settings, spec, "taskline-worker", clock)) { ... }}
 */
public final class RetryRelay implements AutoCloseable {

    private final List<TierRelay> tiers;
    private final List<Thread> threads = new ArrayList<>();

    private RetryRelay(List<TierRelay> tiers) {
        this.tiers = tiers;
    }

    /**
     * Starts a relay for every tier of {@code spec}; the consumer group of a tier is
     * {@code group + "-relay-" + tierTopic}.
     */
    public static RetryRelay start(KafkaClientSettings settings, QueueSpec spec, String group, Clock clock) {
        QueueTopics topics = spec.topics();
        List<TierRelay> relays = new ArrayList<>();
        for (Duration delay : spec.tiers()) {
            String tierTopic = topics.tier(delay);
            relays.add(new TierRelay(settings, groupId(group, tierTopic), tierTopic, topics.queue(), delay, clock));
        }
        RetryRelay relay = new RetryRelay(relays);
        for (TierRelay tier : relays) {
            Thread thread = new Thread(tier, "taskline-relay-" + tier.tierTopic());
            thread.setDaemon(true);
            thread.start();
            relay.threads.add(thread);
        }
        return relay;
    }

    /** The consumer group that relays one tier topic. */
    public static String groupId(String group, String tierTopic) {
        return group + "-relay-" + tierTopic;
    }

    /** True when every tier's consumer owns its partitions. */
    public boolean isAssigned() {
        return tiers.stream().allMatch(TierRelay::isAssigned);
    }

    /** True while every tier's thread runs. */
    public boolean isRunning() {
        return threads.stream().allMatch(Thread::isAlive);
    }

    /** How many read tier records wait in memory, over every tier, for their due time or for Kafka. */
    public int heldCount() {
        return tiers.stream().mapToInt(TierRelay::heldCount).sum();
    }

    /** How many forwarding rounds failed and were tried again, over every tier (Kafka away, aborted transactions). */
    public int failedRounds() {
        return tiers.stream().mapToInt(TierRelay::failedRounds).sum();
    }

    /** The most partition assignments any tier consumer has seen; 1 means it never rebalanced. */
    public int maxAssignmentCount() {
        return tiers.stream().mapToInt(TierRelay::assignmentCount).max().orElse(0);
    }

    /** Stops every tier, committing nothing more than what was forwarded. */
    @Override
    public void close() {
        tiers.forEach(TierRelay::close);
    }
}
