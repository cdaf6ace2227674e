package io.taskline.cli;

import io.taskline.producer.ScheduleClient;
import io.taskline.producer.ScheduleInfo;
import io.taskline.producer.TaskPublisherConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline schedule list}: every schedule with its recurrence, state and next fire time.
 *
 * <p>Usage: {@code taskline schedule list} or {@code taskline schedule list --json}.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules with their next fire time.")
public final class ScheduleListCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Option(names = "--json", description = "Print one JSON object per schedule.")
    private boolean json;

    @Override
    public Integer call() {
        List<ScheduleInfo> all;
        try (ScheduleClient schedules = ScheduleClient.create(new TaskPublisherConfig(global.reachableConfig().properties()))) {
            all = schedules.list();
        }
        PrintWriter out = global.out();
        if (json) {
            all.forEach(info -> JsonOutput.println(out, ScheduleLines.toJson(info)));
            return ExitCodes.OK;
        }
        if (all.isEmpty()) {
            out.println("no schedules");
        } else {
            out.println(ScheduleLines.HEADER);
            all.forEach(info -> out.println(ScheduleLines.row(info)));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
