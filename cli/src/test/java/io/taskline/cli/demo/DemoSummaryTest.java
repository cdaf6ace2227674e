package io.taskline.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's summary names what this run wrote, not what earlier runs left in the folder. */
class DemoSummaryTest {

    private static final Instant RUN_STARTED = Instant.parse("2030-01-01T12:00:00Z");

    @Test
    void listsOnlyTheFilesWrittenSinceTheRunStartedAndLeavesTheOthers(@TempDir Path dir) throws Exception {
        Path earlier = Files.writeString(dir.resolve("a-earlier-batch.txt"), "old");
        Files.setLastModifiedTime(earlier, FileTime.from(RUN_STARTED.minusSeconds(60)));
        Path now = Files.writeString(dir.resolve("b-this-batch.txt"), "new");
        Files.setLastModifiedTime(now, FileTime.from(RUN_STARTED.plusSeconds(5)));
        Path atStart = Files.writeString(dir.resolve("c-at-start.txt"), "new");
        Files.setLastModifiedTime(atStart, FileTime.from(RUN_STARTED));

        assertThat(DemoSummary.list(dir, RUN_STARTED)).isEqualTo("2 in " + dir + " [b-this-batch.txt, c-at-start.txt]");
        assertThat(earlier).exists();
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path dir) throws Exception {
        assertThat(DemoSummary.list(dir.resolve("batches"), RUN_STARTED)).isEqualTo("none in " + dir.resolve("batches"));
    }
}
