package io.taskline.processors.internal;

import io.taskline.schemas.Failure;
import io.taskline.schemas.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Makes a failed task's history small enough to travel, when it is not: each failed attempt adds
 * a few kilobytes, and a task near the publisher's size limit that fails often outgrows a record.
 * The stacks of earlier failures go first (a stack says " [stack dropped: the record was too large]"
 * instead), then earlier failures themselves, oldest first; the first failure and the latest one
 * always stay.
 *
 * <p>Usage: {@code Task fitted = FailureHistory.fit(failed, t -> size(t), limit);}
 */
final class FailureHistory {

    static final String STACK_DROPPED = "[stack dropped: the record was too large]";

    private FailureHistory() {
    }

    /**
     * {@code task} with as much of its failure history as keeps {@code size} within {@code max};
     * the smallest it can make when even that does not fit.
     */
    static Task fit(Task task, ToIntFunction<Task> size, int max) {
        if (size.applyAsInt(task) <= max) {
            return task;
        }
        List<Failure> failures = new ArrayList<>(task.getFailures());
        Task fitted = Task.newBuilder(task).build();
        fitted.setFailures(failures);
        for (int i = 0; i < failures.size() - 1; i++) {
            failures.set(i, Failure.newBuilder(failures.get(i)).setStack(STACK_DROPPED).build());
            if (size.applyAsInt(fitted) <= max) {
                return fitted;
            }
        }
        while (failures.size() > 2) {
            failures.remove(1);
            if (size.applyAsInt(fitted) <= max) {
                return fitted;
            }
        }
        return fitted;
    }
}
