package io.taskline.processors.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique queue names and worker properties, so each test has its own topics and group. */
public final class TestQueues {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestQueues() {
    }

    /** A queue name no other test uses: {@code prefix-<n>-<random>}. */
    public static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** Worker properties for one queue with the given tiers and attempts, in their own group and state dir. */
    public static Map<String, Object> workerProps(String bootstrap, String queue, String tiers, int maxAttempts) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("queues", queue);
        props.put("worker.group", "test-" + queue);
        props.put("queue." + queue + ".tiers", tiers);
        props.put("queue." + queue + ".max.attempts", Integer.toString(maxAttempts));
        props.put("queue." + queue + ".partitions", "3");
        try {
            props.put("state.dir", Files.createTempDirectory("taskline-state").toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return props;
    }

    /** A temp dir path for tests that restart a worker on the same state. */
    public static Path stateDir(Map<String, Object> props) {
        return Path.of(props.get("state.dir").toString());
    }
}
