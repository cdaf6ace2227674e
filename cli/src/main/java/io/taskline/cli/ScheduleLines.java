package io.taskline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.producer.ScheduleInfo;
import io.taskline.retry.Durations;
import io.taskline.schemas.MisfirePolicy;
import io.taskline.schemas.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * How schedules are printed: a table row for people, one JSON object for scripts. Next fire times
 * are shown in the schedule's zone for people and as UTC instants in JSON.
 *
 * <p>Usage: {@code out.println(ScheduleLines.row(info))} or {@code JsonOutput.println(out, ScheduleLines.toJson(info))}.
 */
final class ScheduleLines {

    /** The header of {@link #row}. */
    static final String HEADER = String.format("%-24s %-16s %-16s %-32s %-10s %-7s %s",
            "ID", "QUEUE", "TYPE", "WHEN", "MISFIRE", "STATE", "NEXT FIRE");

    private ScheduleLines() {
    }

    /** One table row. */
    static String row(ScheduleInfo info) {
        Schedule s = info.schedule();
        return String.format("%-24s %-16s %-16s %-32s %-10s %-7s %s", s.getId(), s.getQueue(), s.getType(),
                info.recurrence(), misfire(s.getMisfire()), info.paused() ? "paused" : "active", nextFire(info));
    }

    /** The next fire time in the schedule's zone, or why there is none. */
    static String nextFire(ScheduleInfo info) {
        if (info.paused()) {
            return "-";
        }
        return info.nextFireAt().map(t -> ZonedDateTime.ofInstant(t, info.recurrence().zone()).toOffsetDateTime().toString())
                .orElse("never");
    }

    /** The schedule as one JSON object. */
    static ObjectNode toJson(ScheduleInfo info) {
        Schedule s = info.schedule();
        ObjectNode node = JsonOutput.object().put("id", s.getId()).put("queue", s.getQueue()).put("type", s.getType())
                .put("key", s.getKey());
        info.recurrence().cron().ifPresent(cron -> node.put("cron", cron).put("zone", s.getZone()));
        info.recurrence().every().ifPresent(every -> node.put("every", Durations.format(every)));
        node.put("misfire", misfire(s.getMisfire())).put("paused", info.paused())
                .put("nextFireAt", info.nextFireAt().map(Instant::toString).orElse(null))
                .put("updatedAt", s.getUpdatedAt().toString());
        if (s.getTriggeredAt() != null) {
            node.put("triggeredAt", s.getTriggeredAt().toString());
        }
        return node;
    }

    /** {@code fire-once}, {@code skip} or {@code fire-all}. */
    static String misfire(MisfirePolicy policy) {
        return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy named {@code fire-once}, {@code skip} or {@code fire-all}. */
    static MisfirePolicy misfire(String text) {
        for (MisfirePolicy policy : MisfirePolicy.values()) {
            if (misfire(policy).equals(text)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("--misfire must be fire-once, skip or fire-all, was '" + text + "'");
    }

    /** For {@code --every}: parses {@code 10s}-style text; the error names the option. */
    static Duration every(String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--every: " + e.getMessage(), e);
        }
    }
}
