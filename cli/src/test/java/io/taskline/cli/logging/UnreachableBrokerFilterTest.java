package io.taskline.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.common.utils.internals.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a broker is away, each Kafka client's "cannot connect" warnings reach the log once a
 * minute, logged the way the clients log them (through Kafka's {@link LogContext}); other
 * warnings all pass.
 */
class UnreachableBrokerFilterTest {

    private static final String CONNECT = "Connection to node {} ({}) could not be established. Node may not be available.";
    private static final String BOOTSTRAP = "Bootstrap broker {} (id: -1 rack: null isFenced: false) disconnected";

    private final CapturedLogs logged = new CapturedLogs();
    private final Logger producer = new LogContext("[Producer clientId=w-1-StreamThread-1-producer, transactionalId=w-1] ")
            .logger(NetworkClient.class);
    private final Logger consumer = new LogContext("[Consumer clientId=w-1-StreamThread-1-consumer, groupId=w] ")
            .logger(NetworkClient.class);

    @BeforeEach
    void listen() {
        logged.start();
    }

    @AfterEach
    void stopListening() {
        logged.stop();
    }

    @Test
    void aClientWarningOnceASecondThatItCannotConnectIsLoggedOnceWithTheCliLogging() {
        for (int i = 0; i < 30; i++) {
            producer.warn(CONNECT, -1, "/127.0.0.1:9092");
            producer.warn(BOOTSTRAP, "127.0.0.1:9092");
            consumer.warn(CONNECT, -1, "/127.0.0.1:9092");
        }
        producer.warn("Error while fetching metadata with correlation id {} : {}", 7, "{q=LEADER_NOT_AVAILABLE}");

        assertThat(logged.messages()).hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith("[Producer").contains("could not be established"))
                .anySatisfy(line -> assertThat(line).startsWith("[Producer").contains("disconnected"))
                .anySatisfy(line -> assertThat(line).startsWith("[Consumer").contains("could not be established"))
                .anySatisfy(line -> assertThat(line).contains("LEADER_NOT_AVAILABLE"));
    }

    @Test
    void aClientStillUnableToConnectAMinuteLaterIsLoggedAgain() {
        AtomicLong now = new AtomicLong();
        UnreachableBrokerFilter filter = new UnreachableBrokerFilter(now::get);
        ch.qos.logback.classic.Logger network = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                UnreachableBrokerFilter.NETWORK_CLIENT);
        Object[] args = {-1, "/127.0.0.1:9092"};
        String line = "[AdminClient clientId=a] " + CONNECT;

        FilterReply first = filter.decide(null, network, Level.WARN, line, args, null);
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        FilterReply within = filter.decide(null, network, Level.WARN, line, args, null);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        FilterReply minuteLater = filter.decide(null, network, Level.WARN, line, args, null);
        FilterReply error = filter.decide(null, network, Level.ERROR, line, args, null);

        assertThat(first).isEqualTo(FilterReply.NEUTRAL);
        assertThat(within).isEqualTo(FilterReply.DENY);
        assertThat(minuteLater).isEqualTo(FilterReply.NEUTRAL);
        assertThat(error).as("errors always pass").isEqualTo(FilterReply.NEUTRAL);
    }
}
