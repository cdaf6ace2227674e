package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.producer.InvalidTaskException;
import io.taskline.retry.TopicMismatchException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void inputErrorsAreBadInput() {
        assertThat(ExitCodes.of(new InvalidTaskException("unknown queue 'q'"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ExitCodes.of(new ConfigException("queues", null, "missing"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ExitCodes.of(new IllegalArgumentException("bad"))).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ExitCodes.of(new TopicMismatchException("q has 3 partitions"))).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void aBadClientSettingWrappedByKafkaIsBadInput() {
        KafkaException wrapped = new KafkaException("Failed to construct kafka producer",
                new ConfigException("security.protocol", "NOPE", "bad"));

        assertThat(ExitCodes.of(wrapped)).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(ErrorReporter.oneLine(ExitCodes.inputError(wrapped).orElseThrow()))
                .isEqualTo("Invalid value NOPE for configuration security.protocol: bad");
    }

    @Test
    void anUnknownScheduleIsAFailedLookupNotBadInput() {
        assertThat(ExitCodes.of(new io.taskline.producer.UnknownScheduleException("nightly"))).isEqualTo(ExitCodes.FAILED);
        assertThat(ExitCodes.of(new io.taskline.producer.InvalidScheduleException("bad cron"))).isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void otherFailuresAreFailures() {
        assertThat(ExitCodes.of(new IllegalStateException("cannot reach Kafka"))).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void oneLineAddsTheRootCauseAndJoinsLines() {
        Exception error = new IllegalStateException("broker failed to start",
                new RuntimeException("wrapper", new java.net.BindException("Address already in use")));

        assertThat(ErrorReporter.oneLine(error)).isEqualTo("broker failed to start: Address already in use");
        assertThat(ErrorReporter.oneLine(new IllegalStateException("a\n  b"))).isEqualTo("a b");
    }
}
