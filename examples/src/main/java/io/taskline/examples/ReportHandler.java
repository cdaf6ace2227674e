package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type {@code report}: renders an account's monthly report as a PDF to
 * {@code <examples.output.dir>/reports/<account>-<month>.pdf}. A month not in {@code yyyy-MM}
 * form, an account that is not a plain file name, or a line count outside 0..{@value #MAX_LINES}
 * fail for good ({@link NonRetryableException}); I/O errors while writing are retried.
 *
 * <p>Usage: {@code queue.demo.handler.report=io.taskline.examples.ReportHandler}, then publish
 * {@code Report{account="acme", month="2026-03", lines=10}}.
 */
public final class ReportHandler implements TaskHandler<Report> {

    /** The most lines a report may ask for; more is taken as a mistake, not a bigger PDF. */
    public static final int MAX_LINES = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ReportHandler.class);
    private static final DateTimeFormatter MONTH =
            DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern YYYY_MM = Pattern.compile("\\d{4}-\\d{2}");

    private Path outputDir = new ExamplesConfig(Map.of()).outputDir();

    /** Creates the handler; {@link #configure} sets its output directory. */
    public ReportHandler() {
    }

    /** {@link Report}. */
    @Override
    public Class<Report> payloadType() {
        return Report.class;
    }

    /** Reads {@code examples.output.dir}. */
    @Override
    public void configure(Map<String, String> workerConfig) {
        outputDir = new ExamplesConfig(workerConfig).outputDir();
    }

    /** Renders and writes the report. */
    @Override
    public void handle(Report payload, TaskContext context) throws IOException {
        YearMonth month = month(payload.getMonth());
        if (payload.getLines() < 0 || payload.getLines() > MAX_LINES) {
            throw new NonRetryableException("lines must be in 0.." + MAX_LINES + ", was " + payload.getLines());
        }
        String name = OutputFiles.checkName("account", payload.getAccount()) + "-" + month + ".pdf";
        Path target = outputDir.resolve("reports").resolve(name);
        ReportFigures figures = ReportFigures.of(payload.getAccount(), month, payload.getLines());
        OutputFiles.writeAtomically(target, out -> ReportPdf.write(figures, out));
        // Sizes only: the file name and the figures come from the payload, which is not logged.
        LOG.info("report task {}: wrote a PDF of {} lines, {} bytes", context.taskId(), figures.lines().size(),
                Files.size(target));
    }

    private static YearMonth month(String value) {
        if (value == null || !YYYY_MM.matcher(value).matches()) {
            throw new NonRetryableException("month '" + value + "' is not yyyy-MM");
        }
        try {
            return YearMonth.parse(value, MONTH);
        } catch (DateTimeParseException e) {
            throw new NonRetryableException("month '" + value + "' is not yyyy-MM");
        }
    }
}
