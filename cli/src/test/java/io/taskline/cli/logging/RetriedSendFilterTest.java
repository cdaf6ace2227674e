package io.taskline.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.internals.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the producer's produce-error warnings reach the log, with the CLI's logback.xml and
 * logged the way the producer logs them (through Kafka's {@link LogContext}).
 */
class RetriedSendFilterTest {

    private static final String RETRYING =
            "Got error produce response with correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}";
    private static final TopicPartition EVENTS = new TopicPartition("taskline.events", 2);

    private final CapturedLogs logged = new CapturedLogs();
    private final Logger sender = new LogContext("[Producer clientId=w-1-StreamThread-1-producer, transactionalId=w-1] ")
            .logger(Sender.class);

    @BeforeEach
    void listen() {
        logged.start();
    }

    @AfterEach
    void stopListening() {
        logged.stop();
    }

    @Test
    void retriedConcurrentTransactionsAndTheSequenceErrorsBehindThemAreDropped() {
        sender.warn(RETRYING, 142L, EVENTS, 2147483646, "CONCURRENT_TRANSACTIONS");
        sender.warn(RETRYING, 143L, EVENTS, 2147483646, "OUT_OF_ORDER_SEQUENCE_NUMBER");

        assertThat(logged.messages()).isEmpty();
    }

    @Test
    void otherProduceErrorsAndOtherProducerWarningsStillReachTheLog() {
        sender.warn(RETRYING, 144L, EVENTS, 5, "NOT_LEADER_OR_FOLLOWER");
        sender.warn("Received invalid metadata error in produce request on partition {} due to {}", EVENTS, "x");
        sender.error(RETRYING, 145L, EVENTS, 0, "CONCURRENT_TRANSACTIONS");
        LoggerFactory.getLogger("io.taskline.other").warn(RETRYING, 146L, EVENTS, 1, "CONCURRENT_TRANSACTIONS");

        assertThat(logged.messages()).hasSize(4)
                .anySatisfy(line -> assertThat(line).contains("NOT_LEADER_OR_FOLLOWER"))
                .anySatisfy(line -> assertThat(line).contains("invalid metadata"))
                .anySatisfy(line -> assertThat(line).contains("correlation id 145"))
                .anySatisfy(line -> assertThat(line).contains("correlation id 146"));
    }
}
