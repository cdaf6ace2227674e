package io.taskline.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Lets through one of each Kafka client's "cannot connect" warnings a minute. While a broker is
 * away, every client of a worker (a consumer and a producer per stream thread, the relays, the
 * admin clients) warns about once a second that a connection could not be established and that
 * its bootstrap broker disconnected: a worker logged about 20 such lines a second during an 85 s
 * outage in {@code BrokerOutageIT}. The first line of each client still shows when Kafka went
 * away, and one a minute that it is still away; {@code /health/ready} says so too.
 *
 * <p>Usage (logback.xml): {@code <turboFilter class="io.taskline.cli.logging.UnreachableBrokerFilter"/>}
 */
public final class UnreachableBrokerFilter extends TurboFilter {

    /** The Kafka clients' logger for connections. */
    static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    /** At most one line per client and kind in this long. */
    static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_CLIENTS = 1_000;

    private final LongSupplier nanoClock;
    private final Map<String, Long> lastPassed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    /** The filter logback creates from logback.xml. */
    public UnreachableBrokerFilter() {
        this(System::nanoTime);
    }

    UnreachableBrokerFilter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null || !logger.getName().equals(NETWORK_CLIENT)) {
            return FilterReply.NEUTRAL;
        }
        String message = params == null || params.length == 0 ? format
                : MessageFormatter.arrayFormat(format, params).getMessage();
        String kind = message.contains("could not be established") ? "connect"
                : message.contains("disconnected") ? "disconnected" : null;
        if (kind == null) {
            return FilterReply.NEUTRAL;
        }
        // Kafka's client loggers put the client's id first: "[Producer clientId=..., ...] ".
        int end = message.indexOf("] ");
        String key = (end > 0 ? message.substring(0, end) : "") + " " + kind;
        long now = nanoClock.getAsLong();
        synchronized (lastPassed) {
            Long last = lastPassed.get(key);
            if (last != null && now - last < EVERY_NANOS) {
                return FilterReply.DENY;
            }
            lastPassed.put(key, now);
        }
        return FilterReply.NEUTRAL;
    }
}
