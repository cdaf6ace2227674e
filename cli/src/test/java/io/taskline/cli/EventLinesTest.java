package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLinesTest {

    private static TaskEvent.Builder anEvent(TaskEventType type) {
        return TaskEvent.newBuilder().setTaskId("t-1").setQueue("smoke").setType("flaky").setEvent(type)
                .setAttempt(1).setAt(Instant.parse("2026-11-28T04:10:00.123Z")).setWorker("host/1/ab");
    }

    private static TaskEvent aRetry() {
        return anEvent(TaskEventType.RETRYING).setTier("1s").setDueAt(Instant.parse("2026-11-28T04:10:01Z"))
                .setErrorClass("java.lang.IllegalStateException").setErrorMessage("boom\nagain").setDurationMs(4L).build();
    }

    @Test
    void printsARetryAsOneTextLine() {
        assertThat(EventLines.text(aRetry())).isEqualTo("2026-11-28T04:10:00.123Z  smoke  flaky  t-1  retrying  "
                + "attempt=1 tier=1s due=2026-11-28T04:10:01.000Z error=IllegalStateException: boom again");
    }

    @Test
    void printsASuccessWithKeyAndDuration() {
        TaskEvent event = anEvent(TaskEventType.SUCCEEDED).setKey("u-1").setDurationMs(12L).build();

        assertThat(EventLines.text(event))
                .isEqualTo("2026-11-28T04:10:00.123Z  smoke  flaky  t-1  succeeded  attempt=1 key=u-1 took=12ms");
    }

    @Test
    void writesARetryAsJsonWithItsErrorTierAndDueTime() {
        JsonNode json = EventLines.json(aRetry());

        assertThat(json.get("event").asText()).isEqualTo("retrying");
        assertThat(json.get("key").isNull()).isTrue();
        assertThat(json.get("at").asText()).isEqualTo("2026-11-28T04:10:00.123Z");
        assertThat(json.get("dueAt").asText()).isEqualTo("2026-11-28T04:10:01.000Z");
        assertThat(json.get("tier").asText()).isEqualTo("1s");
        assertThat(json.get("error").get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("error").get("message").asText()).isEqualTo("boom\nagain");
        assertThat(json.get("worker").asText()).isEqualTo("host/1/ab");
        assertThat(json.get("durationMs").asLong()).isEqualTo(4L);
    }

    @Test
    void aParkedEventNamesTheTaskItWaitsFor() {
        TaskEvent parked = anEvent(TaskEventType.PARKED).setKey("acct-7").setBlockedBy("t-0").build();

        assertThat(EventLines.text(parked))
                .isEqualTo("2026-11-28T04:10:00.123Z  smoke  flaky  t-1  parked  attempt=1 key=acct-7 behind=t-0");
        assertThat(EventLines.json(parked).get("blockedBy").asText()).isEqualTo("t-0");
    }

    @Test
    void leavesOutWhatAStartedEventDoesNotHave() {
        JsonNode json = EventLines.json(anEvent(TaskEventType.STARTED).build());

        assertThat(json.fieldNames()).toIterable()
                .containsExactly("taskId", "queue", "type", "key", "event", "attempt", "at", "worker");
    }
}
