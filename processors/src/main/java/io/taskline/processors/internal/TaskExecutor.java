package io.taskline.processors.internal;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;

/**
 * The seam where a task's handler runs. The foundation runs tasks one at a time on the stream
 * thread; a concurrent executor replaces it without touching decoding or routing.
 */
public interface TaskExecutor {

    /** Runs one attempt and reports how it ended; never throws for a handler's failure. */
    <P> Outcome execute(TaskHandler<P> handler, P payload, TaskContext context);
}
