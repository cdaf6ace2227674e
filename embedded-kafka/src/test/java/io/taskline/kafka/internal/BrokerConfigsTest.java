package io.taskline.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BrokerConfigsTest {

    @Test
    void singleNodeConfigHasTheSettingsTransactionsNeedAndOverridesWin() {
        Properties p = BrokerConfigs.singleNode(19092, 19093, Path.of("/tmp/x"),
                Map.of("num.partitions", "3", "log.retention.ms", "-1"));

        assertThat(p).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("num.partitions", "3")
                .containsEntry("log.retention.ms", "-1");
    }

    @Test
    void freePortIsUsable() {
        assertThat(BrokerConfigs.freePort()).isBetween(1, 65_535);
    }

    @Test
    void quietLoggingSetsWarnOnBrokerLoggersWithoutExplicitLevel() {
        ch.qos.logback.classic.Logger explicit =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka.raft");
        explicit.setLevel(ch.qos.logback.classic.Level.DEBUG);

        QuietLogging.apply();

        assertThat(((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("kafka")).getLevel())
                .isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(explicit.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
        explicit.setLevel(null);
    }
}
