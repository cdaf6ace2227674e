package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.schemas.BatchSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch's callback: writes how the batch ended to
 * {@code <examples.output.dir>/batches/<batchId>.txt} (size, succeeded, dead and the dead task ids).
 *
 * <p>Usage: {@code queue.demo.handler.batch-done=io.taskline.examples.BatchReportHandler}, then
 * {@code publisher.batch(tasks, TaskRequest.to("demo").type("batch-done"))}.
 */
public final class BatchReportHandler implements TaskHandler<BatchSummary> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchReportHandler.class);

    private Path outputDir = new ExamplesConfig(Map.of()).outputDir();

    /** Creates the handler; {@link #configure} sets its output directory. */
    public BatchReportHandler() {
    }

    /** {@link BatchSummary}. */
    @Override
    public Class<BatchSummary> payloadType() {
        return BatchSummary.class;
    }

    /** Reads {@code examples.output.dir}. */
    @Override
    public void configure(Map<String, String> workerConfig) {
        outputDir = new ExamplesConfig(workerConfig).outputDir();
    }

    /** Writes the summary file. */
    @Override
    public void handle(BatchSummary summary, TaskContext context) throws IOException {
        String name = OutputFiles.checkName("batchId", summary.getBatchId().toString()) + ".txt";
        Path target = outputDir.resolve("batches").resolve(name);
        String text = "batch " + summary.getBatchId() + ": " + summary.getSize() + " tasks, " + summary.getSucceeded()
                + " succeeded, " + summary.getDead() + " dead" + (summary.getDeadTaskIds().isEmpty() ? ""
                : " (" + String.join(", ", summary.getDeadTaskIds().stream().map(CharSequence::toString).toList()) + ")")
                + "\n";
        OutputFiles.writeAtomically(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        LOG.info("batch callback task {}: batch {} ended, {} succeeded, {} dead, wrote {}",
                context.taskId(), summary.getBatchId(), summary.getSucceeded(), summary.getDead(), target);
    }
}
