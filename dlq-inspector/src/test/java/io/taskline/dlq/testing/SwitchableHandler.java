package io.taskline.dlq.testing;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A test handler that fails as its failure function says (null = succeed) until {@link #fix()}
 * is called, counting every execution and success by task id:
 * {@code SwitchableHandler.failing(Message.class, p -> new IllegalStateException("smtp down"))}.
 */
public final class SwitchableHandler<P> implements TaskHandler<P> {

    private final Class<P> payloadType;
    private final Function<P, RuntimeException> failure;
    private final Map<String, List<P>> executions = new ConcurrentHashMap<>();
    private final Map<String, List<P>> successes = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile boolean fixed;

    private SwitchableHandler(Class<P> payloadType, Function<P, RuntimeException> failure) {
        this.payloadType = payloadType;
        this.failure = failure;
    }

    /** Fails each payload with the exception {@code failure} returns for it (null: succeeds). */
    public static <P> SwitchableHandler<P> failing(Class<P> payloadType, Function<P, RuntimeException> failure) {
        return new SwitchableHandler<>(payloadType, failure);
    }

    /** Succeeds from now on. */
    public void fix() {
        this.fixed = true;
    }

    @Override
    public Class<P> payloadType() {
        return payloadType;
    }

    @Override
    public void handle(P payload, TaskContext ctx) {
        executions.computeIfAbsent(ctx.taskId(), id -> new CopyOnWriteArrayList<>()).add(payload);
        seen.add(new Seen(ctx.taskId(), ctx.attempt(), ctx.key(), Map.copyOf(ctx.headers())));
        RuntimeException error = fixed ? null : failure.apply(payload);
        if (error != null) {
            throw error;
        }
        successes.computeIfAbsent(ctx.taskId(), id -> new CopyOnWriteArrayList<>()).add(payload);
    }

    /** How many times task {@code id} ran. */
    public int executions(String id) {
        return executions.getOrDefault(id, List.of()).size();
    }

    /** The payloads task {@code id} succeeded with, in order. */
    public List<P> successes(String id) {
        return List.copyOf(successes.getOrDefault(id, List.of()));
    }

    /** Total successes over all tasks. */
    public int totalSuccesses() {
        return successes.values().stream().mapToInt(List::size).sum();
    }

    /** What the handler saw of each execution, in order. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The context of one execution. */
    public record Seen(String taskId, int attempt, String key, Map<String, String> headers) {
    }
}
