package io.taskline.cli.demo;

import io.taskline.schemas.TaskEventType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Prints how the demo ended: counts per outcome and where the emails, thumbnails and PDFs are. */
final class DemoSummary {

    private final PrintWriter out;
    private final Path outputDir;
    private final Instant runStarted;

    /** A summary of the run that started at {@code runStarted}: files older than that are an earlier run's. */
    DemoSummary(PrintWriter out, Path outputDir, Instant runStarted) {
        this.out = out;
        this.outputDir = outputDir;
        this.runStarted = runStarted;
    }

    void print(DemoEventFeed feed, List<Path> emails, Duration elapsed) throws IOException {
        out.println();
        out.println("Summary (" + String.format("%.1f", elapsed.toMillis() / 1000.0) + " s)");
        out.printf("  tasks succeeded: %d   retries: %d   dead letters: %d   (attempts started: %d)%n",
                feed.tasksIn(TaskEventType.SUCCEEDED), feed.events(TaskEventType.RETRYING),
                feed.tasksIn(TaskEventType.DEAD), feed.events(TaskEventType.STARTED));
        out.println("  schedule '" + DemoTasks.SCHEDULE_ID + "': " + feed.scheduledSucceeded() + " fires ran, one per "
                + DemoTasks.EVERY.toSeconds() + " s");
        out.println("  emails:     " + emails.size() + " delivered over SMTP, saved in " + outputDir.resolve("emails"));
        out.println("  thumbnails: " + list(outputDir.resolve("thumbnails"), runStarted));
        out.println("  reports:    " + list(outputDir.resolve("reports"), runStarted));
        out.println("  batches:    " + list(outputDir.resolve("batches"), runStarted));
        out.println("  dead letter topic: demo.dlq (the always-fail task, with its 3 failures)");
        out.println();
        out.println("Next: ./taskline broker, then the tour in README.md.");
    }

    /**
     * The files of {@code dir} written since {@code since}, e.g. {@code 1 in /out/batches [b.txt]};
     * the folder may hold earlier runs' files (batch files are named by batch id), which it leaves.
     */
    static String list(Path dir, Instant since) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "none in " + dir;
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.getLastModifiedTime(file).toInstant().isBefore(since)) {
                    names.add(file.getFileName().toString());
                }
            }
        }
        Collections.sort(names);
        return names.size() + " in " + dir + " " + names;
    }
}
