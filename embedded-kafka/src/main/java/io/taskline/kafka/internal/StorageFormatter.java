package io.taskline.kafka.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * Formats a KRaft data directory the way {@code kafka-storage.sh format} ({@code kafka.tools.StorageTool})
 * does for a combined broker+controller with static voters, unless it is already formatted.
 *
 * <p>Usage: {@code String clusterId = StorageFormatter.formatIfNeeded(dataDir);}
 */
public final class StorageFormatter {

    private static final String META_PROPERTIES = "meta.properties";

    private StorageFormatter() {
    }

    /**
     * Formats {@code dataDir} when it has no {@code meta.properties}; otherwise leaves it untouched.
     *
     * <p>Usage: {@code StorageFormatter.formatIfNeeded(Path.of("/var/lib/taskline"))}
     *
     * @param dataDir directory used as both {@code log.dirs} and metadata log directory
     * @return the cluster id stored in the directory (existing or newly generated)
     * @throws IOException if the directory cannot be created, read or formatted
     */
    public static String formatIfNeeded(Path dataDir) throws IOException {
        Optional<String> existing = storedClusterId(dataDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        Files.createDirectories(dataDir);
        String clusterId = Uuid.randomUuid().toString();
        String dir = dataDir.toAbsolutePath().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Same calls StorageTool.runFormatCommand makes for process.roles=broker,controller with
        // controller.quorum.voters set; release version and features default to the latest production ones.
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
                .setNodeId(BrokerConfigs.NODE_ID)
                .setWriteBootstrapSnapshot(true)
                .setClusterId(clusterId)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(false)
                .setControllerListenerName(BrokerConfigs.CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dir)
                .setHasDynamicQuorum(false)
                .addDirectory(dir);
        try {
            formatter.run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("formatting " + dir + " failed: " + e.getMessage()
                    + " (" + out.toString(StandardCharsets.UTF_8).trim() + ")", e);
        }
        return clusterId;
    }

    /**
     * Reads the cluster id from {@code dataDir/meta.properties}, if the directory was formatted.
     *
     * <p>Usage: {@code StorageFormatter.storedClusterId(dataDir).orElse("unformatted")}
     *
     * @param dataDir the data directory
     * @return the stored cluster id, or empty when there is no {@code meta.properties}
     * @throws IOException if the file exists but cannot be read
     */
    public static Optional<String> storedClusterId(Path dataDir) throws IOException {
        Path meta = dataDir.resolve(META_PROPERTIES);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        }
        return Optional.ofNullable(props.getProperty("cluster.id"));
    }
}
