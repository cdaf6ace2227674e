package io.taskline.dlq.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who is running a tool, as {@code user@host}, for replay provenance.
 *
 * <p>Usage: {@code String by = Operator.current();}
 */
public final class Operator {

    private Operator() {
    }

    /** {@code user@host} of this process; the host part falls back to {@code HOSTNAME}, then "unknown". */
    public static String current() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown";
            }
        }
        return System.getProperty("user.name", "unknown") + "@" + host;
    }
}
