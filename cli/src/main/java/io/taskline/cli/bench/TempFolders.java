package io.taskline.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes the folders a benchmark made for itself (broker data, worker state): a full run writes
 * gigabytes, and runs that left them behind filled this machine's disk until the broker died.
 *
 * <p>Usage: {@code TempFolders.delete(dataDir);}
 */
final class TempFolders {

    private TempFolders() {
    }

    /** Deletes {@code folder} and everything in it; a folder that is already gone is fine. */
    static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + folder + ": " + e.getMessage(), e);
        }
    }
}
