package io.taskline.processors.testing;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Message;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A batch member's handler that refuses (non-retryable) the chosen task ids until it is fixed,
 * and remembers the ids it ran successfully.
 *
 * <p>Usage: {@code DoomedMembers h = DoomedMembers.dooming(Set.of("m-3"));} ... {@code h.fix();}
 */
public final class DoomedMembers implements TaskHandler<Message> {

    private final Set<String> doomed = ConcurrentHashMap.newKeySet();
    private final List<String> succeeded = new CopyOnWriteArrayList<>();

    private DoomedMembers(Set<String> doomed) {
        this.doomed.addAll(doomed);
    }

    /** A handler refusing {@code ids}. */
    public static DoomedMembers dooming(Set<String> ids) {
        return new DoomedMembers(ids);
    }

    /** Refuse nothing from now on. */
    public void fix() {
        doomed.clear();
    }

    /** The ids run successfully, in order, once per run. */
    public List<String> succeeded() {
        return List.copyOf(succeeded);
    }

    @Override
    public Class<Message> payloadType() {
        return Message.class;
    }

    @Override
    public void handle(Message payload, TaskContext context) {
        if (doomed.contains(context.taskId())) {
            throw new NonRetryableException("refused " + context.taskId());
        }
        succeeded.add(context.taskId());
    }
}
