package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** How a worker's properties set a queue's concurrency, timeouts, ordering and rate limits. */
class QueueExecutionConfigTest {

    private static Map<String, Object> props(String... pairs) {
        Map<String, Object> props = new HashMap<>();
        props.put("queues", "emails");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    @Test
    void aQueueWithNoExecutionKeysRuns64AtOnceFor5MinutesEachWithoutOrdering() {
        QueueExecution execution = new WorkerConfig(props()).queueExecution("emails");

        assertThat(execution).isEqualTo(QueueExecution.defaults());
        assertThat(execution.concurrency()).isEqualTo(64);
        assertThat(execution.timeout("any")).isEqualTo(Duration.ofMinutes(5));
        assertThat(execution.ordering()).isEqualTo(Ordering.NONE);
        assertThat(execution.rateLimits("any")).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        QueueExecution execution = new WorkerConfig(props(
                "queue.emails.concurrency", "200",
                "queue.emails.timeout", "30s",
                "queue.emails.timeout.report", "20m",
                "queue.emails.ordering", "KEY",
                "queue.emails.ratelimit.welcome", "smtp, crm")).queueExecution("emails");

        assertThat(execution.concurrency()).isEqualTo(200);
        assertThat(execution.timeout("welcome")).isEqualTo(Duration.ofSeconds(30));
        assertThat(execution.timeout("report")).isEqualTo(Duration.ofMinutes(20));
        assertThat(execution.ordering()).isEqualTo(Ordering.KEY);
        assertThat(execution.rateLimits("welcome")).isEqualTo(Set.of("smtp", "crm"));
    }

    @Test
    void badValuesAreRefusedWithTheKeyAndWhatIsWrong() {
        assertThatThrownBy(() -> new WorkerConfig(props("queue.emails.concurrency", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("queue emails")
                .hasMessageContaining("concurrency must be at least 1");
        assertThatThrownBy(() -> new WorkerConfig(props("queue.emails.concurrency", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("queue.emails.concurrency");
        assertThatThrownBy(() -> new WorkerConfig(props("queue.emails.timeout.report", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("queue.emails.timeout.report");
        assertThatThrownBy(() -> new WorkerConfig(props("queue.emails.ordering", "fifo")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ordering 'fifo' is not none or key");
        assertThatThrownBy(() -> new WorkerConfig(props("worker.drain.timeout", "a while")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("worker.drain.timeout");
        assertThat(new WorkerConfig(props("worker.drain.timeout", "2m")).duration(WorkerConfig.DRAIN_TIMEOUT_CONFIG))
                .isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void aWorkerRefusesATypeThatWaitsForAnUndefinedRateLimit() {
        Map<String, Object> props = props("queue.emails.ratelimit.welcome", "smtp", "ratelimit.crm", "5/1s");
        TaskHandler<io.taskline.schemas.examples.Message> handler =
                io.taskline.processors.testing.RecordingHandler.aHandler(io.taskline.schemas.examples.Message.class);

        assertThatThrownBy(() -> Worker.builder(new WorkerConfig(props)).handler("emails", "welcome", handler).build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("type welcome on queue emails waits for rate limit [smtp], which is not defined: "
                        + "add ratelimit.smtp=<permits>/<period> (defined: [crm])");
    }
}
