package io.taskline.cli;

import io.taskline.producer.ScheduleClient;
import io.taskline.producer.ScheduleInfo;
import io.taskline.producer.TaskPublisherConfig;
import java.util.concurrent.Callable;
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

    /** Applies the change; returns the schedule after it. */
    abstract ScheduleInfo apply(ScheduleClient schedules, String id);

    /** The past-tense verb printed, e.g. {@code paused}. */
    abstract String done();

    /** What is printed for people: the verb, the id and, when it will fire, its next fire time. */
    String line(ScheduleInfo info) {
        return done() + " " + info.id() + (info.paused() ? "" : ", next fire " + ScheduleLines.nextFire(info));
    }

    @Override
    public Integer call() {
        try (ScheduleClient schedules = ScheduleClient.create(new TaskPublisherConfig(global.config().properties()))) {
            ScheduleInfo info = apply(schedules, id);
            if (json) {
                JsonOutput.println(global.out(), ScheduleLines.toJson(info).put("done", done()));
            } else {
                global.out().println(line(info));
                global.out().flush();
            }
        }
        return ExitCodes.OK;
    }

    /** {@code taskline schedule pause ID}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop a schedule's fires until resumed.")
    static final class Pause extends ScheduleChangeCommand {
        @Override
        ScheduleInfo apply(ScheduleClient schedules, String id) {
            return schedules.pause(id);
        }

        @Override
        String done() {
            return "paused";
        }
    }

    /** {@code taskline schedule resume ID}. */
    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Let a paused schedule fire again, from now (the pause is not made up).")
    static final class Resume extends ScheduleChangeCommand {
        @Override
        ScheduleInfo apply(ScheduleClient schedules, String id) {
            return schedules.resume(id);
        }

        @Override
        String done() {
            return "resumed";
        }
    }

    /** {@code taskline schedule trigger ID}. */
    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Fire a schedule once now, even when paused; its regular fires go on.")
    static final class Trigger extends ScheduleChangeCommand {
        @Override
        ScheduleInfo apply(ScheduleClient schedules, String id) {
            return schedules.trigger(id);
        }

        @Override
        String done() {
            return "triggered";
        }
    }

    /** {@code taskline schedule remove ID}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a schedule; its fires stop.")
    static final class Remove extends ScheduleChangeCommand {
        @Override
        ScheduleInfo apply(ScheduleClient schedules, String id) {
            ScheduleInfo info = schedules.get(id);
            schedules.remove(id);
            return info;
        }

        @Override
        String done() {
            return "removed";
        }

        @Override
        String line(ScheduleInfo info) {
            return "removed " + info.id();
        }
    }
}
