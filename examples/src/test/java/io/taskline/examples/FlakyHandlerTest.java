package io.taskline.examples;

import static io.taskline.examples.TestContexts.aContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.processors.TaskContext;
import io.taskline.schemas.examples.Flaky;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FlakyHandlerTest {

    private final FlakyHandler handler = new FlakyHandler();

    @Test
    void failsExactlyFailTimesForATaskIdThenSucceeds() throws Exception {
        String id = uniqueId();
        TaskContext context = aContext().withTaskId(id).build();
        Flaky payload = new Flaky(2);

        assertThatThrownBy(() -> handler.handle(payload, context))
                .isInstanceOf(IllegalStateException.class).hasMessage("flaky: failure 1 of 2");
        assertThatThrownBy(() -> handler.handle(payload, context))
                .isInstanceOf(IllegalStateException.class).hasMessage("flaky: failure 2 of 2");
        handler.handle(payload, context);
        handler.handle(payload, context);

        assertThat(FlakyHandler.executions(id)).isEqualTo(4);
    }

    @Test
    void succeedsAtOnceWhenFailTimesIsZero() throws Exception {
        String id = uniqueId();

        handler.handle(new Flaky(0), aContext().withTaskId(id).build());

        assertThat(FlakyHandler.executions(id)).isEqualTo(1);
    }

    @Test
    void countsEachTaskIdIndependently() throws Exception {
        String first = uniqueId();
        String second = uniqueId();
        Flaky payload = new Flaky(1);

        assertThatThrownBy(() -> handler.handle(payload, aContext().withTaskId(first).build()))
                .hasMessage("flaky: failure 1 of 1");
        assertThatThrownBy(() -> handler.handle(payload, aContext().withTaskId(second).build()))
                .hasMessage("flaky: failure 1 of 1");
        handler.handle(payload, aContext().withTaskId(first).build());

        assertThat(FlakyHandler.executions(first)).isEqualTo(2);
        assertThat(FlakyHandler.executions(second)).isEqualTo(1);
        assertThat(FlakyHandler.executions(uniqueId())).isZero();
    }

    @Test
    void sharesCountsBetweenInstancesInTheSameProcess() throws Exception {
        String id = uniqueId();
        Flaky payload = new Flaky(1);

        assertThatThrownBy(() -> new FlakyHandler().handle(payload, aContext().withTaskId(id).build()))
                .isInstanceOf(IllegalStateException.class);
        new FlakyHandler().handle(payload, aContext().withTaskId(id).build());

        assertThat(FlakyHandler.executions(id)).isEqualTo(2);
    }

    /** The counts are static, so every test uses ids no other test touches. */
    private static String uniqueId() {
        return "flaky-" + UUID.randomUUID();
    }
}
