package io.taskline.kafka.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the broker configuration for a single-node KRaft cluster (node 1 is both broker and controller).
 *
 * <p>Usage: {@code Properties p = BrokerConfigs.singleNode(9092, 9093, dir, overrides);}
 */
public final class BrokerConfigs {

    /** Node id used for the only node of the cluster. */
    public static final int NODE_ID = 1;
    /** Name of the controller listener. */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Loopback host every listener binds to. */
    public static final String HOST = "127.0.0.1";

    private BrokerConfigs() {
    }

    /**
     * Returns the full broker configuration; {@code overrides} win over the defaults.
     *
     * <p>Usage: {@code BrokerConfigs.singleNode(brokerPort, controllerPort, dataDir, Map.of())}
     *
     * @param brokerPort     PLAINTEXT port clients connect to
     * @param controllerPort port of the KRaft controller listener
     * @param dataDir        directory holding both the metadata log and the topic logs
     * @param overrides      extra or replacement broker properties
     * @return a fresh {@link Properties} object
     */
    public static Properties singleNode(int brokerPort, int controllerPort, Path dataDir,
                                        Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("process.roles", "broker,controller");
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        // Static voters (not a dynamic quorum): the voter endpoint is then not persisted in the
        // metadata log, so a data dir can be reopened later with a different controller port.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("log.dirs", dataDir.toAbsolutePath().toString());

        // A single node cannot satisfy the default replication factor of 3 for internal topics:
        // without these, InitProducerId and share groups wait forever.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");

        // Fewer internal partitions and threads: the machine this runs on is small and shared.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        // The default (128 MiB) is allocated eagerly by the log cleaner; tests do not need it.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));

        p.putAll(overrides);
        return p;
    }

    /**
     * Returns a TCP port that was free on the loopback interface a moment ago.
     *
     * <p>Usage: {@code int port = BrokerConfigs.freePort();}
     *
     * @return a port number between 1 and 65535
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
