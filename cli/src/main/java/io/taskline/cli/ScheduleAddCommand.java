package io.taskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.producer.Recurrence;
import io.taskline.producer.ScheduleClient;
import io.taskline.producer.ScheduleInfo;
import io.taskline.producer.ScheduleRequest;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.JsonRecords;
import io.taskline.schemas.MisfirePolicy;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericContainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline schedule add}: adds (or replaces) a recurring task. The expression and the
 * payload are checked before anything is written: a bad cron expression, zone, rate or payload is
 * one line on stderr and exit 2.
 *
 * <p>Usage: {@code taskline schedule add --id nightly --cron "0 6 * * *" --zone Europe/Berlin --queue reports
 * --type report --payload-json '{"title": "Daily"}'}, or {@code --every 10s} instead of {@code --cron}.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a recurring task (--cron or --every); an existing id is replaced.")
public final class ScheduleAddCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The schedule id (letters, digits, . _ -).")
    private String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private When when;

    @Option(names = "--zone", paramLabel = "ZONE", description = "IANA time zone of --cron, e.g. Europe/Berlin "
            + "(default: UTC).")
    private String zone;

    @Option(names = "--queue", required = true, paramLabel = "QUEUE", description = "The queue its tasks go to.")
    private String queue;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "The task type, naming its handler.")
    private String type;

    @Option(names = "--payload-json", required = true, paramLabel = "JSON", description = "The payload as plain JSON.")
    private String payloadJson;

    @Option(names = "--key", paramLabel = "KEY", description = "Ordering key of its tasks (default: the schedule id).")
    private String key;

    @Option(names = "--misfire", paramLabel = "POLICY", defaultValue = "fire-once",
            description = "After downtime: fire-once (default: one catch-up task), skip, or fire-all (every missed time).")
    private String misfire;

    @Option(names = "--json", description = "Print the schedule as one JSON object.")
    private boolean json;

    /** Exactly one of the two ways to say when. */
    static final class When {
        @Option(names = "--cron", paramLabel = "EXPR", description = "5-field Unix cron, or @hourly, @daily, @weekly, "
                + "@monthly, @yearly.")
        String cron;

        @Option(names = "--every", paramLabel = "DURATION", description = "A fixed rate, e.g. 10s, 5m, 1h.")
        String every;
    }

    @Override
    public Integer call() {
        if (when.every != null && zone != null) {
            throw new IllegalArgumentException("--zone applies to --cron only: --every counts elapsed time");
        }
        Recurrence recurrence = when.cron != null ? Recurrence.cron(when.cron, zone == null ? "UTC" : zone)
                : Recurrence.every(ScheduleLines.every(when.every));
        MisfirePolicy policy = ScheduleLines.misfire(misfire);
        JsonNode payload = JsonRecords.parse(payloadJson);
        try (ScheduleClient schedules = ScheduleClient.create(new TaskPublisherConfig(global.reachableConfig().properties()))) {
            schedules.requireQueue(queue);
            GenericContainer record = (GenericContainer) JsonRecords.fromJson(payload,
                    new PayloadSchemas(queue, schedules.registry()).of(type));
            boolean replacing = schedules.list().stream().anyMatch(existing -> existing.id().equals(id));
            ScheduleInfo added = schedules.add(new ScheduleRequest(id, recurrence,
                    TaskRequest.to(queue).type(type).key(key).payload(record).build(), policy));
            if (json) {
                JsonOutput.println(global.out(), ScheduleLines.toJson(added));
            } else {
                global.out().println((replacing ? "replaced " : "added ") + added.id() + ": " + added.recurrence() + ", next fire "
                        + ScheduleLines.nextFire(added));
                global.out().flush();
            }
        }
        return ExitCodes.OK;
    }
}
