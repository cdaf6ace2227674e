package io.taskline.testing.internal;

import io.taskline.testing.TasklineKafka;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Which broker a test JVM gets: what the system property asks for, else Testcontainers when Docker
 * is available, else the embedded broker.
 *
 * <p>Usage: {@code BrokerChoice.decide(System.getProperty(BrokerChoice.PROPERTY), docker::isAvailable)}.
 */
public final class BrokerChoice {

    /** The system property that forces a choice: {@code auto} (default), {@code embedded}, {@code testcontainers}. */
    public static final String PROPERTY = "taskline.test.kafka";

    private BrokerChoice() {
    }

    /**
     * The kind to start. {@code dockerAvailable} is asked only for {@code auto}, since asking can
     * take a moment; throws {@link IllegalArgumentException} for an unknown value.
     */
    public static TasklineKafka.Kind decide(String requested, BooleanSupplier dockerAvailable) {
        String value = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "auto":
                return dockerAvailable.getAsBoolean() ? TasklineKafka.Kind.TESTCONTAINERS : TasklineKafka.Kind.EMBEDDED;
            case "embedded":
                return TasklineKafka.Kind.EMBEDDED;
            case "testcontainers":
                return TasklineKafka.Kind.TESTCONTAINERS;
            default:
                throw new IllegalArgumentException(PROPERTY + "=" + requested
                        + " is not one of auto, embedded, testcontainers");
        }
    }
}
