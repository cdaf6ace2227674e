package io.taskline.kafka.internal;

import java.lang.reflect.Method;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the broker's own loggers to WARN when Logback is the SLF4J backend and the application
 * has not configured a level for them. Other backends are left alone (configure them yourself).
 *
 * <p>Usage: {@code QuietLogging.apply();}
 */
public final class QuietLogging {

    /** Logger names used by broker-side code (not by Kafka clients). */
    static final List<String> BROKER_LOGGERS = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.network",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.security",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage");

    private QuietLogging() {
    }

    /**
     * Applies WARN to every broker logger whose level is not set explicitly. Safe to call repeatedly.
     *
     * <p>Usage: {@code QuietLogging.apply();}
     */
    public static void apply() {
        for (String name : BROKER_LOGGERS) {
            Logger logger = LoggerFactory.getLogger(name);
            if (!logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
                return;
            }
            // Reflection keeps logback an optional runtime dependency of this module.
            try {
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) != null) {
                    continue;
                }
                Class<?> levelClass = logger.getClass().getClassLoader().loadClass("ch.qos.logback.classic.Level");
                Object warn = levelClass.getField("WARN").get(null);
                logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
        }
    }
}
