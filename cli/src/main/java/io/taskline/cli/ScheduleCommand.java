package io.taskline.cli;

import picocli.CommandLine.Command;

/**
 * {@code taskline schedule}: the group of recurring-task commands.
 *
 * <p>Usage: {@code taskline schedule add --id nightly --cron "0 6 * * *" --queue reports --type report --payload-json '{}'}
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Manage recurring tasks: add, list, pause, resume, trigger, remove.",
        subcommands = {ScheduleAddCommand.class, ScheduleListCommand.class, ScheduleChangeCommand.Pause.class,
            ScheduleChangeCommand.Resume.class, ScheduleChangeCommand.Trigger.class, ScheduleChangeCommand.Remove.class})
public final class ScheduleCommand {
}
