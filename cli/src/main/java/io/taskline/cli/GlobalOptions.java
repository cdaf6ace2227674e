package io.taskline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command takes: where Kafka is, a config file, and {@code --verbose}; and the
 * command's stdout and stderr.
 *
 * <p>Usage: {@code @Mixin GlobalOptions global;} then {@code global.config().kafka()} and
 * {@code global.out().println(...)}.
 */
public final class GlobalOptions {

    /** The option that asks for stack traces and debug logs. */
    public static final String VERBOSE = "--verbose";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $TASKLINE_BOOTSTRAP_SERVERS, the config file's "
                    + "bootstrap.servers, or " + CliConfig.DEFAULT_BOOTSTRAP_SERVERS + ").")
    private String bootstrapServers;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file; kafka.* keys go to the Kafka clients. TASKLINE_FOO_BAR overrides foo.bar.")
    private Path configFile;

    private boolean verbose;

    @Option(names = VERBOSE, description = "Print stack traces and debug logs.")
    void setVerbose(boolean value) {
        verbose = value;
        if (value && LoggerFactory.getLogger("io.taskline") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
    }

    /** True with {@code --verbose}. */
    public boolean verbose() {
        return verbose;
    }

    /** The config file, environment overrides and bootstrap servers, merged. */
    public CliConfig config() {
        return CliConfig.load(configFile, bootstrapServers, System.getenv());
    }

    /**
     * As {@link #config()}, once Kafka has answered at its bootstrap servers: for commands that
     * use Kafka, so that one that is down or misaddressed fails fast, with one line.
     */
    public CliConfig reachableConfig() {
        return ReachableKafka.check(config());
    }

    /** The command's standard output. */
    public PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command's standard error. */
    public PrintWriter err() {
        return command.commandLine().getErr();
    }
}
