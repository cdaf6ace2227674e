package io.taskline.cli;

import io.taskline.producer.ScheduleClient;
import io.taskline.producer.ScheduleInfo;
import io.taskline.producer.TaskPublisherConfig;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that change one schedule by id: {@code pause}, {@code resume}, {@code trigger},
 * {@code remove}. An unknown id is exit 2.
 *
 * <p>Usage: {@code taskline schedule pause nightly}, {@code taskline schedule trigger nightly --json}.
 */
public abstract class ScheduleChangeCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The schedule id.")
    private String id;

    @Option(names = "--json", description = "Print the schedule as one JSON object.")
    private boolean json;

    private final String done;
    private final BiFunction<ScheduleClient, String, ScheduleInfo> change;

    /** A command that prints {@code done} (e.g. {@code paused}) after {@code change}. */
    ScheduleChangeCommand(String done, BiFunction<ScheduleClient, String, ScheduleInfo> change) {
        this.done = done;
        this.change = change;
    }

    @Override
    public Integer call() {
        try (ScheduleClient schedules = ScheduleClient.create(new TaskPublisherConfig(global.reachableConfig().properties()))) {
            ScheduleInfo info = change.apply(schedules, id);
            if (json) {
                JsonOutput.println(global.out(), ScheduleLines.toJson(info).put("done", done));
            } else {
                boolean fires = !info.paused() && !(this instanceof Remove);
                global.out().println(done + " " + id + (fires ? ", next fire " + ScheduleLines.nextFire(info) : ""));
                global.out().flush();
            }
        }
        return ExitCodes.OK;
    }

    /** {@code taskline schedule pause ID}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop a schedule's fires until resumed.")
    static final class Pause extends ScheduleChangeCommand {
        Pause() {
            super("paused", ScheduleClient::pause);
        }
    }

    /** {@code taskline schedule resume ID}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Let a paused schedule fire again, from now (the pause is not made up).")
    static final class Resume extends ScheduleChangeCommand {
        Resume() {
            super("resumed", ScheduleClient::resume);
        }
    }

    /** {@code taskline schedule trigger ID}. */
    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Fire a schedule once now, even when paused; its regular fires go on.")
    static final class Trigger extends ScheduleChangeCommand {
        Trigger() {
            super("triggered", ScheduleClient::trigger);
        }
    }

    /** {@code taskline schedule remove ID}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a schedule; its fires stop.")
    static final class Remove extends ScheduleChangeCommand {
        Remove() {
            super("removed", ScheduleClient::remove);
        }
    }
}
