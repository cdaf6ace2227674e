package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters a worker's tasks record into: one series per label set, adding up across tasks. */
class MicrometerTaskMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerTaskMetrics metrics = new MicrometerTaskMetrics(registry);

    @Test
    void outcomesAddUpPerQueueTypeAndOutcome() {
        metrics.outcome("emails", "welcome", TaskMetrics.SUCCEEDED);
        metrics.outcome("emails", "welcome", TaskMetrics.SUCCEEDED);
        metrics.outcome("emails", "welcome", TaskMetrics.RETRIED);
        metrics.outcome("emails", "digest", TaskMetrics.SUCCEEDED);

        assertThat(registry.get("taskline.tasks").tags("queue", "emails", "type", "welcome", "outcome", "succeeded")
                .counter().count()).isEqualTo(2.0);
        assertThat(registry.get("taskline.tasks").tags("type", "welcome", "outcome", "retried").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("taskline.tasks").tags("type", "digest").counter().count()).isEqualTo(1.0);
    }

    @Test
    void deadLettersAreCountedApartFromOutcomes() {
        metrics.deadLetter("emails", "welcome");
        metrics.deadLetter("emails", "welcome");

        assertThat(registry.get("taskline.dead.letters").tags("queue", "emails", "type", "welcome").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.find("taskline.tasks").counters()).isEmpty();
    }

    @Test
    void durationsAndQueueTimesGoToTheirOwnHistograms() {
        metrics.duration("emails", "welcome", 30);
        metrics.duration("emails", "welcome", 10);
        metrics.queueTime("emails", "welcome", 5);
        metrics.queueTime("emails", "welcome", -3);

        var duration = registry.get("taskline.task.duration").tags("queue", "emails", "type", "welcome").timer();
        assertThat(duration.count()).isEqualTo(2);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        var queueTime = registry.get("taskline.task.queue.time").tags("type", "welcome").timer();
        assertThat(queueTime.count()).isEqualTo(2);
        assertThat(queueTime.max(TimeUnit.MILLISECONDS)).as("a clock skew never makes a negative wait").isEqualTo(5.0);
    }

    @Test
    void inFlightGoesUpAndDownPerQueue() {
        metrics.inFlight("emails", 1);
        metrics.inFlight("emails", 1);
        metrics.inFlight("emails", -1);
        metrics.inFlight("reports", 1);

        assertThat(registry.get("taskline.tasks.in.flight").tags("queue", "emails").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("taskline.tasks.in.flight").tags("queue", "reports").gauge().value()).isEqualTo(1.0);
    }
}
