package io.taskline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.processors.TaskHandler;
import io.taskline.processors.WorkerConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shipped worker property files parse, and every handler they name can be created. */
class WorkerPropertiesTest {

    @Test
    void smokePropertiesServeTheSmokeQueueWithTheThreeSmokeHandlers() throws Exception {
        WorkerConfig config = new WorkerConfig(load("smoke.properties"));

        assertThat(config.queues()).containsExactly("smoke");
        assertThat(config.queueSpec("smoke").tiers()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(config.queueSpec("smoke").maxAttempts()).isEqualTo(3);
        assertThat(config.handlerClasses("smoke")).containsOnlyKeys("echo", "flaky", "always-fail");
        assertHandlersLoad(config, "smoke");
    }

    @Test
    void demoPropertiesServeTheDemoQueueWithEveryExampleHandler() throws Exception {
        WorkerConfig config = new WorkerConfig(load("demo.properties"));

        assertThat(config.queues()).containsExactly("demo");
        assertThat(config.queueSpec("demo").tiers()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(config.queueSpec("demo").maxAttempts()).isEqualTo(3);
        assertThat(config.handlerClasses("demo"))
                .containsOnlyKeys("welcome-email", "thumbnail", "report", "flaky", "always-fail", "echo");
        assertHandlersLoad(config, "demo");
        new ExamplesConfig(config.asStrings());
    }

    private static void assertHandlersLoad(WorkerConfig config, String queue) throws Exception {
        for (String className : config.handlerClasses(queue).values()) {
            Object handler = Class.forName(className).getConstructor().newInstance();
            assertThat(handler).isInstanceOf(TaskHandler.class);
            ((TaskHandler<?>) handler).configure(config.asStrings());
        }
    }

    private static Map<Object, Object> load(String file) throws Exception {
        Properties props = new Properties();
        // Surefire runs in the module directory, where the files ship.
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            props.load(reader);
        }
        return props;
    }
}
