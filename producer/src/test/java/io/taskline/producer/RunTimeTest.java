package io.taskline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a task runs, checked without Kafka. */
class RunTimeTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aDelayIsDueThatLongAfterPublishing() {
        assertThat(RunTime.after(Duration.ofSeconds(30)).dueAt(NOW)).isEqualTo(NOW.plusSeconds(30));
        assertThat(RunTime.after(RunTime.MAX_AHEAD).dueAt(NOW)).isEqualTo(NOW.plus(RunTime.MAX_AHEAD));
    }

    @Test
    void aTimeIsDueThenEvenWhenItHasPassed() {
        assertThat(RunTime.at(NOW.plusSeconds(5)).dueAt(NOW)).isEqualTo(NOW.plusSeconds(5));
        assertThat(RunTime.at(NOW.minusSeconds(5)).dueAt(NOW)).isEqualTo(NOW.minusSeconds(5));
    }

    @Test
    void aDueTimeFinerThanAMillisecondIsRoundedUpNeverEarly() {
        Instant fine = NOW.plusNanos(1_000_001);

        assertThat(RunTime.at(fine).dueAt(NOW)).isEqualTo(NOW.plusMillis(2));
        assertThat(RunTime.after(Duration.ofSeconds(1)).dueAt(fine)).isEqualTo(NOW.plusMillis(1002));
    }

    @Test
    void nowHasNoDueTime() {
        assertThat(RunTime.now().dueAt(NOW)).isNull();
        assertThat(RunTime.now().isDelayed()).isFalse();
        assertThat(RunTime.of(null, null)).isEqualTo(RunTime.now());
    }

    @Test
    void aZeroOrNegativeDelayIsRefused() {
        assertThatThrownBy(() -> RunTime.after(Duration.ZERO)).isInstanceOf(InvalidTaskException.class)
                .hasMessage("delay must be more than zero, was 0s");
        assertThatThrownBy(() -> RunTime.after(Duration.ofSeconds(-5))).isInstanceOf(InvalidTaskException.class)
                .hasMessage("delay must be more than zero, was -5s");
    }

    @Test
    void moreThanAYearAheadIsRefused() {
        assertThatThrownBy(() -> RunTime.after(Duration.ofDays(366))).isInstanceOf(InvalidTaskException.class)
                .hasMessage("delay of 366d is more than 365d ahead");
        Instant far = NOW.plus(RunTime.MAX_AHEAD).plusMillis(1);
        assertThatThrownBy(() -> RunTime.at(far).dueAt(NOW)).isInstanceOf(InvalidTaskException.class)
                .hasMessage("run time " + far + " is more than 365d ahead");
    }

    @Test
    void aDelayAndATimeTogetherAreRefused() {
        assertThatThrownBy(() -> RunTime.of(Duration.ofSeconds(1), NOW)).isInstanceOf(InvalidTaskException.class)
                .hasMessage("give a delay or a run time, not both");
        TaskRequest.Builder both = TaskRequest.to("q").type("echo").payload(Message.newBuilder().setMessage("x").build())
                .delay(Duration.ofSeconds(1)).runTime(RunTime.at(NOW));
        assertThatThrownBy(both::build).isInstanceOf(InvalidTaskException.class)
                .hasMessage("give a delay or a run time, not both");
    }

    @Test
    void aRequestRunsNowUnlessTold() {
        TaskRequest.Builder request = TaskRequest.to("q").type("echo").payload(Message.newBuilder().setMessage("x").build());

        assertThat(request.build().runTime()).isEqualTo(RunTime.now());
        assertThat(request.delay(Duration.ofMinutes(5)).build().runTime()).isEqualTo(RunTime.after(Duration.ofMinutes(5)));
        assertThat(request.delay(null).runTime(RunTime.at(NOW)).build().runTime()).isEqualTo(RunTime.at(NOW));
    }
}
