package io.taskline.cli.dlq;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A handler with a bug that can be fixed mid-test: until {@link #fix()}, each payload fails with
 * the exception {@code bug} returns for it (null means it succeeds). Every run is recorded.
 *
 * <p>Usage: {@code FixableHandler<Message> echo = FixableHandler.of(Message.class, p -> new IllegalStateException("down"));}
 */
final class FixableHandler<P> implements TaskHandler<P> {

    /** One execution: which task, which attempt, with what payload, and whether it succeeded. */
    record Execution<P>(String taskId, int attempt, P payload, boolean succeeded) {
    }

    private final Class<P> payloadType;
    private final Function<P, RuntimeException> bug;
    private final List<Execution<P>> executions = new CopyOnWriteArrayList<>();
    private volatile boolean fixed;

    private FixableHandler(Class<P> payloadType, Function<P, RuntimeException> bug) {
        this.payloadType = payloadType;
        this.bug = bug;
    }

    static <P> FixableHandler<P> of(Class<P> payloadType, Function<P, RuntimeException> bug) {
        return new FixableHandler<>(payloadType, bug);
    }

    /** From now on every task succeeds. */
    void fix() {
        fixed = true;
    }

    @Override
    public Class<P> payloadType() {
        return payloadType;
    }

    @Override
    public void handle(P payload, TaskContext context) {
        RuntimeException failure = fixed ? null : bug.apply(payload);
        executions.add(new Execution<>(context.taskId(), context.attempt(), payload, failure == null));
        if (failure != null) {
            throw failure;
        }
    }

    /** Every execution of task {@code id}, in order. */
    List<Execution<P>> runsOf(String id) {
        return executions.stream().filter(e -> e.taskId().equals(id)).toList();
    }

    /** The payloads task {@code id} succeeded with. */
    List<P> successesOf(String id) {
        return runsOf(id).stream().filter(Execution::succeeded).map(Execution::payload).toList();
    }
}
