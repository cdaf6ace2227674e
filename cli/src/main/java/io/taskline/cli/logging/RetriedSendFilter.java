package io.taskline.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Drops the Kafka producer's WARN lines for produce errors it retries as a matter of course under
 * exactly-once: {@code CONCURRENT_TRANSACTIONS} (a partition still closing the previous
 * transaction when the next one writes to it) and the {@code OUT_OF_ORDER_SEQUENCE_NUMBER} of
 * the batches queued behind it. A full {@code taskline bench} logged 79 of them, in bursts, and a
 * busy exactly-once worker logs them the same way. The producer retries them until its delivery
 * timeout; a send that still fails reaches Kafka Streams as an error, which is logged. Every
 * other producer warning passes.
 *
 * <p>Usage (logback.xml): {@code <turboFilter class="io.taskline.cli.logging.RetriedSendFilter"/>}
 */
public final class RetriedSendFilter extends TurboFilter {

    /** The producer's logger for produce responses. */
    static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String RETRYING = "Got error produce response with correlation id";
    private static final List<String> EXPECTED =
            List.of("Error: CONCURRENT_TRANSACTIONS", "Error: OUT_OF_ORDER_SEQUENCE_NUMBER");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (level != Level.WARN || format == null || !logger.getName().equals(SENDER)) {
            return FilterReply.NEUTRAL;
        }
        // Kafka's client loggers hand over the message formatted, with the client's id before it.
        String message = params == null || params.length == 0 ? format
                : MessageFormatter.arrayFormat(format, params).getMessage();
        boolean expected = message.contains(RETRYING) && EXPECTED.stream().anyMatch(message::contains);
        return expected ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
