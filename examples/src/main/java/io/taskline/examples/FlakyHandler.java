package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.schemas.examples.Flaky;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type {@code flaky}: the first {@code failTimes} executions of a task id throw, later ones
 * succeed. Shows retries through the tiers ending in success.
 *
 * <p>Executions are counted in memory, per task id, per worker process (a static map shared
 * by every instance in the JVM): with several workers, or after a restart, each process counts
 * from zero. The map is never trimmed, which is fine for a demo and wrong for production.
 *
 * <p>Usage: {@code queue.smoke.handler.flaky=io.taskline.examples.FlakyHandler}, then publish
 * {@code Flaky{failTimes=2}}: attempts 1 and 2 fail, attempt 3 succeeds.
 */
public final class FlakyHandler implements TaskHandler<Flaky> {

    private static final Map<String, Integer> EXECUTIONS = new ConcurrentHashMap<>();

    /** Creates the handler; it needs no configuration. */
    public FlakyHandler() {
    }

    /**
     * How many times this process has executed {@code taskId}, 0 if never.
     *
     * <p>Usage: {@code assertThat(FlakyHandler.executions("t-1")).isEqualTo(3)}.
     */
    public static int executions(String taskId) {
        return EXECUTIONS.getOrDefault(taskId, 0);
    }

    /** {@link Flaky}. */
    @Override
    public Class<Flaky> payloadType() {
        return Flaky.class;
    }

    /** Throws {@code IllegalStateException("flaky: failure n of m")} for executions 1..m, then succeeds. */
    @Override
    public void handle(Flaky payload, TaskContext context) {
        int execution = EXECUTIONS.merge(context.taskId(), 1, Integer::sum);
        int failTimes = payload.getFailTimes();
        if (execution <= failTimes) {
            throw new IllegalStateException("flaky: failure " + execution + " of " + failTimes);
        }
    }
}
