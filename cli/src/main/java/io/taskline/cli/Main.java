package io.taskline.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code taskline} command: runs a broker, creates queue topics, runs workers, publishes
 * tasks, shows task events and queue lag.
 *
 * <p>Usage: {@code taskline publish --queue emails --type welcome-email --payload-json '{"to": "a@b.c", "name": "A"}'}.
 * Exit codes: {@link ExitCodes#OK}, {@link ExitCodes#FAILED}, {@link ExitCodes#BAD_INPUT}. This is
 * the only class that calls {@code System.exit}; tests run {@link #commandLine} in-process.
 */
public final class Main {

    /** Every subcommand, in the order help lists them; adding a command is one line here. */
    static final List<Class<?>> COMMANDS = List.of(
            io.taskline.cli.demo.DemoCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            WorkerCommand.class,
            PublishCommand.class,
            EventsCommand.class,
            TaskCommand.class,
            BatchCommand.class,
            io.taskline.cli.dlq.DlqCommand.class,
            LagCommand.class,
            io.taskline.cli.bench.BenchCommand.class,
            ScheduleCommand.class);

    private Main() {
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's stdout and stderr and returns the exit code. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return commandLine(out, err).execute(args);
    }

    /**
     * The {@code taskline} command line writing to {@code out} and {@code err}, with errors mapped
     * to exit codes and one line on {@code err}.
     *
     * <p>Usage: {@code int code = Main.commandLine(out, err).execute("topics", "create", "--queue", "q");}
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Taskline());
        COMMANDS.forEach(commandLine::addSubcommand);
        ErrorReporter errors = new ErrorReporter();
        return commandLine
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    /** The root command; it only holds the subcommands and the standard help and version options. */
    @Command(name = "taskline", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Background jobs on Apache Kafka.",
            footer = {"", "Exit codes: 0 success, 1 failure, 2 bad usage or input."})
    static final class Taskline {
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"taskline " + (version == null ? "dev" : version)};
        }
    }
}
