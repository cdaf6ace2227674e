package io.taskline.cli.demo;

import io.taskline.schemas.TaskEventType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Prints how the demo ended: counts per outcome and where the emails, thumbnails and PDFs are. */
final class DemoSummary {

    private final PrintWriter out;
    private final Path outputDir;

    DemoSummary(PrintWriter out, Path outputDir) {
        this.out = out;
        this.outputDir = outputDir;
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
        out.println("  thumbnails: " + list(outputDir.resolve("thumbnails")));
        out.println("  reports:    " + list(outputDir.resolve("reports")));
        out.println("  batches:    " + list(outputDir.resolve("batches")));
        out.println("  dead letter topic: demo.dlq (the always-fail task, with its 3 failures)");
        out.println();
        out.println("Next: ./taskline broker, then the tour in README.md.");
    }

    private static String list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "none in " + dir;
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            return names.size() + " in " + dir + " " + names;
        }
    }
}
