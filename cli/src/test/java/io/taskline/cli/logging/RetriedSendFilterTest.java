package io.taskline.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which of the producer's produce-error warnings reach the log. */
class RetriedSendFilterTest {

    private static final String RETRYING =
            "Got error produce response with correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}";

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger sender;

    @BeforeEach
    void setUp() {
        RetriedSendFilter filter = new RetriedSendFilter();
        filter.start();
        context.addTurboFilter(filter);
        logged.setContext(context);
        logged.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(logged);
        sender = context.getLogger(RetriedSendFilter.SENDER);
    }

    @Test
    void retriedConcurrentTransactionsAndTheSequenceErrorsBehindThemAreDropped() {
        sender.warn(RETRYING, 142L, new TopicPartition("taskline.events", 2), 2147483646, "CONCURRENT_TRANSACTIONS");
        sender.warn(RETRYING, 143L, new TopicPartition("taskline.events", 2), 2147483646, "OUT_OF_ORDER_SEQUENCE_NUMBER");

        assertThat(logged.list).isEmpty();
    }

    @Test
    void otherProduceErrorsAndOtherProducerWarningsStillReachTheLog() {
        sender.warn(RETRYING, 144L, new TopicPartition("emails", 0), 5, "NOT_LEADER_OR_FOLLOWER");
        sender.warn("Received invalid metadata error in produce request on partition {}", "emails-0");
        sender.error(RETRYING, 145L, new TopicPartition("emails", 0), 0, "CONCURRENT_TRANSACTIONS");
        context.getLogger("io.taskline.other").warn(RETRYING, 146L, "t-0", 1, "CONCURRENT_TRANSACTIONS");

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(4)
                .anySatisfy(line -> assertThat(line).contains("NOT_LEADER_OR_FOLLOWER"))
                .anySatisfy(line -> assertThat(line).contains("invalid metadata"))
                .anySatisfy(line -> assertThat(line).contains("correlation id 145"))
                .anySatisfy(line -> assertThat(line).contains("correlation id 146"));
    }
}
