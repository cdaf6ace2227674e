package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.producer.TaskStatus;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state line of {@code taskline task status}. */
class TaskStatusCommandTest {

    private static final Instant T0 = Instant.parse("2026-11-28T04:10:00Z");

    private static TaskEvent event(TaskEventType type) {
        return TaskEvent.newBuilder().setTaskId("t-1").setQueue("accounts").setType("close").setKey("acct-7")
                .setEvent(type).setAttempt(1).setAt(T0).build();
    }

    @Test
    void aParkedTaskSaysWhichTaskItWaitsFor() {
        TaskEvent parked = event(TaskEventType.PARKED);
        parked.setBlockedBy("t-0");

        assertThat(TaskStatusCommand.state(TaskStatus.of(List.of(event(TaskEventType.ENQUEUED), parked))))
                .isEqualTo("parked behind t-0");
    }

    @Test
    void aParkedEventFromAnOlderWorkerNamesNoTask() {
        assertThat(TaskStatusCommand.state(TaskStatus.of(List.of(event(TaskEventType.PARKED))))).isEqualTo("parked");
    }
}
