package io.taskline.processors.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Names a worker process in failure entries and events: host, pid and a short random suffix. */
public final class WorkerIdentity {

    private WorkerIdentity() {
    }

    /** A new identity for this process. */
    public static String create() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
