package io.taskline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.producer.BatchStatus;
import io.taskline.producer.BatchStatusReader;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskline batch status ID}: a batch's size, how many members succeeded, are retrying,
 * are dead or pending, and whether its callback fired, as the tracker last wrote it to
 * {@code taskline.batch-state}. Exits 1 when no such batch is recorded.
 *
 * <p>Usage: {@code taskline batch status 5c1d9e0a-... --json}
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a batch's counts (succeeded, retrying, dead, pending) and whether its callback fired.")
public final class BatchStatusCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Parameters(paramLabel = "ID", description = "The batch id the publisher returned.")
    private String batchId;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        if (batchId.isBlank()) {
            throw new IllegalArgumentException("the batch id is empty");
        }
        Optional<BatchStatus> found;
        try (BatchStatusReader reader = BatchStatusReader.create(global.reachableConfig().kafka())) {
            found = reader.status(batchId);
        }
        if (found.isEmpty()) {
            global.err().println("error: no batch " + batchId + " (check the id; a finished batch is kept 7 days)");
            global.err().flush();
            return ExitCodes.FAILED;
        }
        BatchStatus status = found.get();
        PrintWriter out = global.out();
        if (json) {
            JsonOutput.println(out, json(status));
            return ExitCodes.OK;
        }
        out.println("batch      " + status.batchId());
        out.println("size       " + status.size());
        out.println("succeeded  " + status.succeeded());
        out.println("retrying   " + status.retrying());
        out.println("dead       " + status.dead());
        out.println("pending    " + status.pending());
        out.println("callback   " + callback(status));
        if (!status.tracked()) {
            out.println("tracked    no: no worker serving queue " + status.callbackQueue() + " has counted it yet");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String callback(BatchStatus status) {
        String task = status.callbackType() + " " + status.callbackId() + " on " + status.callbackQueue();
        return status.callbackFired() ? "fired " + time(status.callbackFiredAt()) + " (" + task + ")"
                : "not yet (" + task + "; fires once every member has succeeded or died)";
    }

    private static ObjectNode json(BatchStatus status) {
        ObjectNode node = JsonOutput.object()
                .put("batchId", status.batchId())
                .put("size", status.size())
                .put("succeeded", status.succeeded())
                .put("retrying", status.retrying())
                .put("dead", status.dead())
                .put("pending", status.pending())
                .put("complete", status.complete())
                .put("callbackFired", status.callbackFired())
                .put("callbackFiredAt", time(status.callbackFiredAt()))
                .put("tracked", status.tracked())
                .put("createdAt", time(status.createdAt()))
                .put("updatedAt", time(status.updatedAt()));
        node.putObject("callback").put("id", status.callbackId()).put("queue", status.callbackQueue())
                .put("type", status.callbackType());
        return node;
    }

    private static String time(Instant at) {
        return at == null ? null : EventLines.TIME.format(at);
    }
}
