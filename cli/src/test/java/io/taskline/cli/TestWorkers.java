package io.taskline.cli;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.processors.WorkerConfig;
import java.nio.file.Path;
import java.util.Map;

/** Worker settings for CLI integration tests: one queue with a 1 s tier, its own group and state under {@code dir}. */
final class TestWorkers {

    private TestWorkers() {
    }

    /** The properties of a worker of {@code queue} on {@code broker}. */
    static Map<String, Object> props(EmbeddedKafkaBroker broker, String queue, Path dir) {
        return Map.of(
                WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                WorkerConfig.QUEUES_CONFIG, queue,
                WorkerConfig.GROUP_CONFIG, queue + "-workers",
                WorkerConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                WorkerConfig.queueKey(queue, WorkerConfig.TIERS_SUFFIX), "1s");
    }
}
