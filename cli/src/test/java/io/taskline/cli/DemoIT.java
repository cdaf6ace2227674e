package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskline demo} runs the real pipeline and leaves real emails, thumbnails and PDFs behind. */
class DemoIT {

    @Test
    void theDemoRunsEveryTaskToItsEndAndLeavesRealOutputs(@TempDir Path output) throws Exception {
        Cli.Run run = Cli.run("demo", "--output", output.toString(), "--timeout", "90");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines).anyMatch(l -> l.contains("retrying") && l.contains("flaky") && l.contains("tier 1s"));
        assertThat(lines).anyMatch(l -> l.contains("retrying") && l.contains("flaky") && l.contains("tier 3s"));
        assertThat(lines).anyMatch(l -> l.contains("succeeded") && l.contains("flaky") && l.contains("attempt 3"));
        assertThat(lines).anyMatch(l -> l.contains("dead") && l.contains("always-fail") && l.contains("demo.dlq"));
        assertThat(lines).anyMatch(l -> l.contains("enqueued") && l.contains("echo") && l.contains("due "));
        assertThat(lines).anyMatch(l -> l.matches(".*schedule 'heartbeat': \\d+ fires ran.*"));
        assertThat(lines).anyMatch(l -> l.contains("tasks succeeded: 17") && l.contains("dead letters: 1"));

        assertThat(files(output.resolve("emails"))).hasSize(3)
                .allSatisfy(eml -> assertThat(Files.readString(eml)).contains("Subject: Welcome, "));
        assertThat(files(output.resolve("thumbnails"))).hasSize(3).allSatisfy(png -> {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(Math.max(image.getWidth(), image.getHeight())).isEqualTo(160);
        });
        assertThat(files(output.resolve("batches"))).singleElement()
                .satisfies(txt -> assertThat(Files.readString(txt)).contains("3 tasks, 3 succeeded, 0 dead"));
        assertThat(files(output.resolve("reports"))).hasSize(3).allSatisfy(pdf -> {
            try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                assertThat(doc.getNumberOfPages()).isPositive();
            }
        });
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
