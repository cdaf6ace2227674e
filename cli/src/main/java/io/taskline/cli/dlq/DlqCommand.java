package io.taskline.cli.dlq;

import picocli.CommandLine.Command;

/**
 * {@code taskline dlq}: the group of dead-letter commands.
 *
 * <p>Usage: {@code taskline dlq list emails}, {@code taskline dlq show emails TASK_ID},
 * {@code taskline dlq replay emails --type welcome-email --dry-run}
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Find, understand, fix and replay a queue's dead letters.",
        subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqReplayCommand.class})
public final class DlqCommand {
}
