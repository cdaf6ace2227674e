package io.taskline.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this process over one scenario: heap used (the JVM's per-pool peaks, reset at
 * the start) and resident set size (Linux {@code VmHWM}, reset through {@code clear_refs} where
 * the kernel allows it; otherwise the peak since the process started).
 *
 * <p>Usage: {@code PeakMemory.reset(); run(); double heap = PeakMemory.heapMb(), rss = PeakMemory.rssMb();}
 */
public final class PeakMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakMemory() {
    }

    /** Starts a new measurement. */
    public static void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not allowed: the RSS peak then covers the whole process.
        }
    }

    /** Peak heap used since {@link #reset()}, in MiB (the sum of each heap pool's peak). */
    public static double heapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }

    /** Peak resident set size in MiB, or NaN where {@code /proc} is not there. */
    public static double rssMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
