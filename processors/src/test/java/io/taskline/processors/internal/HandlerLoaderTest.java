package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** A handler named in the worker properties that cannot be made or configured is one config error naming the key and class. */
class HandlerLoaderTest {

    private static final String KEY = "queue.emails.handler.welcome";

    @Test
    void aConfiguredHandlerIsReturned() {
        TaskHandler<?> handler = HandlerLoader.load(KEY, Configured.class.getName(), Map.of("smtp.host", "mail"));

        assertThat(((Configured) handler).host).isEqualTo("mail");
    }

    @Test
    void aConfigureThatThrowsNamesTheKeyAndTheClass() {
        assertThatThrownBy(() -> HandlerLoader.load(KEY, Configured.class.getName(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KEY).hasMessageContaining(Configured.class.getName())
                .hasMessageContaining("configure() failed: java.lang.IllegalStateException: smtp.host missing");
    }

    @Test
    void aStaticInitializerThatThrowsIsAConfigErrorNotAStackTrace() {
        assertThatThrownBy(() -> HandlerLoader.load(KEY, BrokenClass.class.getName(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KEY).hasMessageContaining("cannot be loaded: java.lang.ExceptionInInitializerError");
    }

    /** Needs smtp.host. */
    public static final class Configured implements TaskHandler<Object> {
        String host;

        @Override
        public Class<Object> payloadType() {
            return Object.class;
        }

        @Override
        public void handle(Object payload, TaskContext context) {
        }

        @Override
        public void configure(Map<String, String> workerConfig) {
            host = workerConfig.get("smtp.host");
            if (host == null) {
                throw new IllegalStateException("smtp.host missing");
            }
        }
    }

    /** Cannot even be loaded. */
    public static final class BrokenClass implements TaskHandler<Object> {
        static final int VALUE = Integer.parseInt(System.getProperty("taskline.no.such.property", "not a number"));

        @Override
        public Class<Object> payloadType() {
            return Object.class;
        }

        @Override
        public void handle(Object payload, TaskContext context) {
        }
    }
}
