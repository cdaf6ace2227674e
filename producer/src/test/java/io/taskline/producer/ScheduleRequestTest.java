package io.taskline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.schemas.GeneratedClassTrust;
import io.taskline.schemas.MisfirePolicy;
import io.taskline.schemas.Schedule;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.examples.Message;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a schedule may publish, and the task each fire builds. */
class ScheduleRequestTest {

    static {
        // Copying a record with an enum makes Avro load the enum class by name; the codec installs this too.
        GeneratedClassTrust.install();
    }

    private static final Recurrence DAILY = Recurrence.cron("@daily", "UTC");
    private static final Message PAYLOAD = Message.newBuilder().setMessage("hi").build();

    private static TaskRequest.Builder aTask() {
        return TaskRequest.to("reports").type("report").payload(PAYLOAD);
    }

    @Test
    void aRequestFiresOnceAfterMisfiresUnlessToldOtherwise() {
        ScheduleRequest request = ScheduleRequest.of("nightly", DAILY, aTask().build());

        assertThat(request.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
        assertThat(request.withMisfire(MisfirePolicy.SKIP).misfire()).isEqualTo(MisfirePolicy.SKIP);
    }

    @Test
    void anIdWithOtherCharactersIsRefused() {
        assertThatThrownBy(() -> ScheduleRequest.of("nightly report", DAILY, aTask().build()))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("'nightly report' is not a valid schedule id (1 to 200 letters, digits, . _ -)");
    }

    @Test
    void aTaskWithItsOwnIdADelayOrAnExpiryIsRefused() {
        assertThatThrownBy(() -> ScheduleRequest.of("s", DAILY, aTask().id("t-1").build()))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("leave the task id unset");
        assertThatThrownBy(() -> ScheduleRequest.of("s", DAILY, aTask().delay(Duration.ofMinutes(5)).build()))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("cannot have a delay");
        assertThatThrownBy(() -> ScheduleRequest.of("s", DAILY, aTask().expiresAt(Instant.EPOCH).build()))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("or an expiry");
    }

    @Test
    void aFireBuildsAFirstAttemptTaskWhoseIdComesFromTheScheduleAndFireTime() {
        Schedule schedule = Schedule.newBuilder().setId("nightly").setQueue("reports").setType("report")
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3})).setMaxAttempts(2).setHeaders(Map.of("team", "ops"))
                .setCron("@daily").setMisfire(MisfirePolicy.FIRE_ONCE).setStartsAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH)
                .build();
        Instant fireTime = Instant.parse("2030-01-02T00:00:00Z");
        Instant now = fireTime.plusMillis(120);

        Task task = new ScheduleFire(schedule, fireTime, false).task(now);
        Task again = new ScheduleFire(schedule, fireTime, false).task(now.plusSeconds(5));

        assertThat(task.getId()).isEqualTo("nightly@2030-01-02T00:00:00Z").isEqualTo(again.getId());
        assertThat(new ScheduleFire(schedule, fireTime, true).taskId()).isEqualTo("nightly@2030-01-02T00:00:00Z/trigger");
        assertThat(task.getKey()).isEqualTo("nightly");
        assertThat(task.getAttempt()).isEqualTo(1);
        assertThat(task.getMaxAttempts()).isEqualTo(2);
        assertThat(task.getEnqueuedAt()).isEqualTo(now);
        assertThat(task.getPayload().array()).containsExactly(1, 2, 3);
        assertThat(task.getHeaders()).containsEntry("team", "ops").containsEntry(TaskHeaders.SCHEDULE_ID, "nightly")
                .containsEntry(TaskHeaders.FIRE_TIME, "2030-01-02T00:00:00Z");
        assertThat(new ScheduleFire(Schedule.newBuilder(schedule).setKey("u-1").build(), fireTime, false).key())
                .isEqualTo("u-1");
    }
}
