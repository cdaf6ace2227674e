package io.taskline.cli.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes once Kafka has acknowledged a known number of publishes, or at the first failure,
 * without keeping the publishes' futures: a list of one future per task held every published
 * task alive for the whole run in the JVM that also runs the worker, and G1 copied them at each
 * young collection (BENCHMARKS.md).
 *
 * <p>Usage: {@code Acknowledgements acks = new Acknowledgements(n); acks.track(publisher.publish(t)); ... acks.all().join();}
 */
final class Acknowledgements {

    private final CompletableFuture<Void> all = new CompletableFuture<>();
    private final AtomicInteger left;

    /** Waits for {@code expected} publishes. */
    Acknowledgements(int expected) {
        this.left = new AtomicInteger(expected);
        if (expected == 0) {
            all.complete(null);
        }
    }

    /** Counts {@code publish} once it is acknowledged; its failure fails {@link #all()}. */
    void track(CompletableFuture<?> publish) {
        publish.whenComplete((ok, error) -> {
            if (error != null) {
                all.completeExceptionally(error);
            } else if (left.decrementAndGet() == 0) {
                all.complete(null);
            }
        });
    }

    /** Completes when every expected publish was acknowledged. */
    CompletableFuture<Void> all() {
        return all;
    }
}
