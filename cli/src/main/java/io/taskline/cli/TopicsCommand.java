package io.taskline.cli;

import picocli.CommandLine.Command;

/**
 * {@code taskline topics}: the group of topic commands.
 *
 * <p>Usage: {@code taskline topics create --queue emails}
 */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage a queue's topics.",
        subcommands = TopicsCreateCommand.class)
public final class TopicsCommand {
}
