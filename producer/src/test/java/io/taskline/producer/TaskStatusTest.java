package io.taskline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.producer.TaskStatus.State;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private static TaskEvent event(TaskEventType type, int attempt, int second) {
        TaskEvent.Builder b = TaskEvent.newBuilder().setTaskId("t-1").setQueue("emails").setType("welcome")
                .setKey("u-1").setEvent(type).setAttempt(attempt).setAt(T0.plusSeconds(second));
        if (type == TaskEventType.RETRYING) {
            b.setTier("5s").setDueAt(T0.plusSeconds(second + 5));
        }
        return b.build();
    }

    @Test
    void theLastEventDecidesTheStateAndStartsCountAttempts() {
        TaskEvent enqueued = event(TaskEventType.ENQUEUED, 1, 0);
        TaskEvent started = event(TaskEventType.STARTED, 1, 1);
        TaskEvent retrying = event(TaskEventType.RETRYING, 1, 2);
        TaskEvent again = event(TaskEventType.STARTED, 2, 8);
        TaskEvent dead = event(TaskEventType.DEAD, 2, 9);

        assertThat(TaskStatus.of(List.of(enqueued)).state()).isEqualTo(State.ENQUEUED);
        assertThat(TaskStatus.of(List.of(enqueued, started)).state()).isEqualTo(State.RUNNING);
        TaskStatus waiting = TaskStatus.of(List.of(enqueued, started, retrying));
        assertThat(waiting.state()).isEqualTo(State.RETRYING);
        assertThat(waiting.tier()).isEqualTo("5s");
        assertThat(waiting.dueAt()).isEqualTo(T0.plusSeconds(7));
        assertThat(waiting.attempts()).isEqualTo(1);
        TaskStatus over = TaskStatus.of(List.of(enqueued, started, retrying, again, dead));
        assertThat(over.state()).isEqualTo(State.DEAD);
        assertThat(over.attempts()).isEqualTo(2);
        assertThat(over.tier()).isNull();
        assertThat(over.dueAt()).isNull();
        assertThat(over.key()).isEqualTo("u-1");
        assertThat(over.transitions()).hasSize(5);
    }

    @Test
    void aTaskParkedBehindItsKeyIsParkedUntilItStarts() {
        TaskEvent enqueued = event(TaskEventType.ENQUEUED, 1, 0);
        TaskEvent parked = event(TaskEventType.PARKED, 1, 1);
        parked.setBlockedBy("t-0");
        TaskEvent started = event(TaskEventType.STARTED, 1, 7);

        TaskStatus waiting = TaskStatus.of(List.of(enqueued, parked));
        assertThat(waiting.state()).isEqualTo(State.PARKED);
        assertThat(waiting.state().label()).isEqualTo("parked");
        assertThat(waiting.attempts()).isZero();
        assertThat(waiting.blockedBy()).as("the earlier task of its key it waits for").isEqualTo("t-0");
        TaskStatus running = TaskStatus.of(List.of(enqueued, parked, started));
        assertThat(running.state()).isEqualTo(State.RUNNING);
        assertThat(running.blockedBy()).isNull();
    }

    @Test
    void aReplayedDeadLetterIsEnqueuedAgainAndCountsItsAttemptsAfresh() {
        TaskEvent started = event(TaskEventType.STARTED, 1, 1);
        TaskEvent again = event(TaskEventType.STARTED, 2, 3);
        TaskEvent dead = event(TaskEventType.DEAD, 2, 4);
        TaskEvent replayed = event(TaskEventType.ENQUEUED, 1, 60);
        TaskEvent rerun = event(TaskEventType.STARTED, 1, 61);

        TaskStatus queued = TaskStatus.of(List.of(event(TaskEventType.ENQUEUED, 1, 0), started, again, dead, replayed));
        assertThat(queued.state()).isEqualTo(State.ENQUEUED);
        assertThat(queued.attempts()).isZero();
        TaskStatus running = TaskStatus.of(List.of(event(TaskEventType.ENQUEUED, 1, 0), started, again, dead, replayed, rerun));
        assertThat(running.attempts()).isEqualTo(1);
    }

    @Test
    void needsAnEvent() {
        assertThatThrownBy(() -> TaskStatus.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
