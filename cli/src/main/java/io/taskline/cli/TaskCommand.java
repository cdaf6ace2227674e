package io.taskline.cli;

import picocli.CommandLine.Command;

/**
 * {@code taskline task}: the group of commands about one task.
 *
 * <p>Usage: {@code taskline task status 7f3a0c1e-...}
 */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Look at one task.",
        subcommands = TaskStatusCommand.class)
public final class TaskCommand {
}
