package io.taskline.examples;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The {@code examples.*} keys the example handlers read from the worker properties. Every other
 * worker key is ignored here.
 *
 * <p>Usage: {@code new ExamplesConfig(workerConfig).outputDir()}.
 */
public final class ExamplesConfig extends AbstractConfig {

    /** Host of the SMTP server the welcome emails go to. */
    public static final String SMTP_HOST_CONFIG = "examples.smtp.host";
    private static final String SMTP_HOST_DOC = "Host of the SMTP server for welcome-email.";
    /** Default SMTP host. */
    public static final String DEFAULT_SMTP_HOST = "localhost";

    /** Port of the SMTP server the welcome emails go to. */
    public static final String SMTP_PORT_CONFIG = "examples.smtp.port";
    private static final String SMTP_PORT_DOC = "Port of the SMTP server for welcome-email.";
    /** Default SMTP port: GreenMail's default SMTP test port. */
    public static final int DEFAULT_SMTP_PORT = 3025;

    /** The sender address of the welcome emails. */
    public static final String MAIL_FROM_CONFIG = "examples.mail.from";
    private static final String MAIL_FROM_DOC = "From address of welcome emails.";
    /** Default sender address. */
    public static final String DEFAULT_MAIL_FROM = "welcome@taskline.local";

    /** Directory under which thumbnails and reports are written. */
    public static final String OUTPUT_DIR_CONFIG = "examples.output.dir";
    private static final String OUTPUT_DIR_DOC =
            "Directory for thumbnails/ and reports/; relative paths resolve against the working directory.";
    /** Default output directory, relative to the worker's working directory. */
    public static final String DEFAULT_OUTPUT_DIR = "taskline-output";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(SMTP_HOST_CONFIG, Type.STRING, DEFAULT_SMTP_HOST, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, SMTP_HOST_DOC)
            .define(SMTP_PORT_CONFIG, Type.INT, DEFAULT_SMTP_PORT, ConfigDef.Range.between(1, 65535),
                    Importance.MEDIUM, SMTP_PORT_DOC)
            .define(MAIL_FROM_CONFIG, Type.STRING, DEFAULT_MAIL_FROM, new ConfigDef.NonEmptyString(),
                    Importance.LOW, MAIL_FROM_DOC)
            .define(OUTPUT_DIR_CONFIG, Type.STRING, DEFAULT_OUTPUT_DIR, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, OUTPUT_DIR_DOC);

    /** Parses the worker properties; throws {@code ConfigException} naming a bad key and value. */
    public ExamplesConfig(Map<String, String> workerConfig) {
        super(CONFIG, workerConfig, false);
    }

    /** The definition of every {@code examples.*} key, for docs. */
    public static ConfigDef configDef() {
        return CONFIG;
    }

    /** The SMTP host. */
    public String smtpHost() {
        return getString(SMTP_HOST_CONFIG);
    }

    /** The SMTP port. */
    public int smtpPort() {
        return getInt(SMTP_PORT_CONFIG);
    }

    /** The sender address of welcome emails, as configured (validated when a mail is built). */
    public String mailFrom() {
        return getString(MAIL_FROM_CONFIG);
    }

    /** The output directory, absolute. */
    public Path outputDir() {
        return Path.of(getString(OUTPUT_DIR_CONFIG)).toAbsolutePath().normalize();
    }
}
