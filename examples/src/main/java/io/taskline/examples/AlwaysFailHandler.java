package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.schemas.examples.Message;

/**
 * Type {@code always-fail}: every attempt throws, so the task walks through every retry tier and
 * ends on the queue's dead-letter topic. Shows what a dead letter's failure history looks like.
 *
 * <p>Usage: {@code queue.smoke.handler.always-fail=io.taskline.examples.AlwaysFailHandler}.
 */
public final class AlwaysFailHandler implements TaskHandler<Message> {

    /** Creates the handler; it needs no configuration. */
    public AlwaysFailHandler() {
    }

    /** {@link Message}. */
    @Override
    public Class<Message> payloadType() {
        return Message.class;
    }

    /** Always throws {@code IllegalStateException("always-fail: " + message)}: a retryable failure. */
    @Override
    public void handle(Message payload, TaskContext context) {
        throw new IllegalStateException("always-fail: " + payload.getMessage());
    }
}
