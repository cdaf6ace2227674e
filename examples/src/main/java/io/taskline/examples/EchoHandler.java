package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.schemas.examples.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type {@code echo}: logs that a message arrived and succeeds. It logs the task id and the
 * message length only, never the content, since payloads may hold personal data.
 *
 * <p>Usage: {@code queue.smoke.handler.echo=io.taskline.examples.EchoHandler}.
 */
public final class EchoHandler implements TaskHandler<Message> {

    private static final Logger LOG = LoggerFactory.getLogger(EchoHandler.class);

    /** Creates the handler; it needs no configuration. */
    public EchoHandler() {
    }

    /** {@link Message}. */
    @Override
    public Class<Message> payloadType() {
        return Message.class;
    }

    /** Logs the task id and message length, then succeeds. */
    @Override
    public void handle(Message payload, TaskContext context) {
        LOG.info("echo task {} (attempt {}): message of {} chars",
                context.taskId(), context.attempt(), payload.getMessage().length());
    }
}
