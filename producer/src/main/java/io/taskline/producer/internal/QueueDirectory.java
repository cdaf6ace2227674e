package io.taskline.producer.internal;

import io.taskline.producer.InvalidTaskException;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/** Knows which queues exist, asking the cluster again when a name is not known yet. */
public final class QueueDirectory implements AutoCloseable {

    private final Admin admin;
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile long lastListing = System.nanoTime() - RECHECK.toNanos() - 1;

    /** Connects an admin client. */
    public QueueDirectory(KafkaClientSettings settings) {
        this.admin = Admin.create(settings.asMap());
    }

    /** Returns when {@code queue} exists; throws {@link InvalidTaskException} suggesting how to create it. */
    public void requireExists(String queue) {
        String notAQueue = io.taskline.retry.QueueTopics.notAQueue(queue);
        if (notAQueue != null) {
            throw new InvalidTaskException(notAQueue);
        }
        if (known.contains(queue)) {
            return;
        }
        try {
            Map<String, ?> listing = admin.listTopics(new ListTopicsOptions().listInternal(false))
                    .namesToListings().get(30, TimeUnit.SECONDS);
            known.addAll(listing.keySet());
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (!known.contains(queue)) {
            throw new InvalidTaskException("unknown queue '" + queue + "': create it with `taskline topics create --queue "
                    + queue + "`");
        }
    }

    /**
     * True when {@code topic} exists, as last listed; a missing topic is listed again at most
     * once per {@link #RECHECK}, so asking is cheap.
     */
    public boolean exists(String topic) {
        if (known.contains(topic)) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastListing > RECHECK.toNanos()) {
            lastListing = now;
            try {
                known.addAll(admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get(30, TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return known.contains(topic);
    }

    @Override
    public void close() {
        admin.close();
    }
}
