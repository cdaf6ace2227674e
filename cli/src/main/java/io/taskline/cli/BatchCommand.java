package io.taskline.cli;

import picocli.CommandLine.Command;

/**
 * {@code taskline batch}: the group of commands about one batch.
 *
 * <p>Usage: {@code taskline batch status 5c1d9e0a-...}
 */
@Command(name = "batch", mixinStandardHelpOptions = true, description = "Look at one batch.",
        subcommands = BatchStatusCommand.class)
public final class BatchCommand {
}
