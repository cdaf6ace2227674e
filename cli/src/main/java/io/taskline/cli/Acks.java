package io.taskline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.producer.PublishedTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for Kafka to acknowledge published tasks, turning failures into one readable error.
 *
 * <p>Usage: {@code List<PublishedTask> done = Acks.await(publisher.publishAll(requests));}
 */
public final class Acks {

    /** Longer than the producer's delivery timeout, so the producer's own error wins. */
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Acks() {
    }

    /** The acknowledged tasks, in order; throws {@link IllegalStateException} when any failed. */
    public static List<PublishedTask> await(List<CompletableFuture<PublishedTask>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            long failed = futures.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            throw new IllegalStateException(failed + " of " + futures.size() + " tasks not acknowledged by Kafka: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from Kafka within " + TIMEOUT.toMinutes() + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
        List<PublishedTask> out = new ArrayList<>();
        futures.forEach(f -> out.add(f.join()));
        return out;
    }

    /** A published task as JSON: id, queue, partition, offset, and runAt for a delayed task. */
    public static ObjectNode toJson(PublishedTask task) {
        ObjectNode json = JsonOutput.object().put("id", task.id()).put("queue", task.queue())
                .put("partition", task.partition()).put("offset", task.offset());
        if (task.runAt() != null) {
            json.put("runAt", task.runAt().toString());
        }
        return json;
    }
}
