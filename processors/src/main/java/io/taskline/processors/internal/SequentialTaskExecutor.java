package io.taskline.processors.internal;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;

/** Runs each task on the calling stream thread, one at a time per partition. */
public final class SequentialTaskExecutor implements TaskExecutor {

    @Override
    public <P> Outcome execute(TaskHandler<P> handler, P payload, TaskContext context) {
        long start = System.nanoTime();
        try {
            handler.handle(payload, context);
            return new Outcome.Succeeded(elapsedMs(start));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Outcome.Failed(e, elapsedMs(start));
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
