package io.taskline.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The worker's log format, from the config key {@value #CONFIG} (or {@code TASKLINE_LOGGING_FORMAT}):
 * {@code text} (the default, logback.xml's pattern) or {@code json}, one JSON object per line on
 * stderr written by Logback's {@link JsonEncoder}: timestamp, level, thread, logger, the formatted
 * message, the lifecycle key-values ({@code taskId}, {@code queue}, {@code type}, {@code attempt}, ...)
 * in {@code kvpList}, MDC and any exception.
 *
 * <p>Usage: {@code LogFormat.apply(config.originalsStrings());} before the worker starts.
 */
public final class LogFormat {

    /** The config key naming the format. */
    public static final String CONFIG = "logging.format";
    /** Human-readable lines, as logback.xml lays them out. */
    public static final String TEXT = "text";
    /** One JSON object per line, for log shippers. */
    public static final String JSON = "json";
    private static final String APPENDER = "JSON_STDERR";

    private LogFormat() {
    }

    /**
     * Switches the root logger to the format {@code settings} names; does nothing for {@code text}
     * or when the key is absent. Throws {@link ConfigException} naming the key for any other value.
     */
    public static void apply(Map<String, ?> settings) {
        Object raw = settings.get(CONFIG);
        String format = raw == null ? TEXT : raw.toString().trim().toLowerCase(Locale.ROOT);
        if (format.equals(JSON)) {
            useJson();
        } else if (!format.equals(TEXT)) {
            throw new ConfigException(CONFIG, raw, "must be " + TEXT + " or " + JSON);
        }
    }

    /** Replaces every appender of the root logger by one writing JSON lines to stderr. */
    static void useJson() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            // Another SLF4J backend is in charge (an embedding application's); its own config decides.
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(APPENDER) != null) {
            return;
        }
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        // stderr, as in logback.xml: stdout carries only what commands print for scripts.
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context));
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    private static JsonEncoder encoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // What a shipper indexes: the formatted message, not the raw template and its arguments; no per-line context.
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
