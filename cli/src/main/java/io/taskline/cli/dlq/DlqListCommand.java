package io.taskline.cli.dlq;

import io.taskline.cli.ExitCodes;
import io.taskline.cli.GlobalOptions;
import io.taskline.cli.JsonOutput;
import io.taskline.dlq.DeadLetterConfig;
import io.taskline.dlq.DeadLetterFilter;
import io.taskline.dlq.DeadLetterReader;
import io.taskline.dlq.ScanResult;
import io.taskline.retry.QueueTopics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskline dlq list}: the dead letters of a queue that the filters select, oldest death
 * first, as a table or JSON lines. Reads the DLQ without a consumer group, so workers are not
 * disturbed; records that could not be decoded are listed as type {@code <undecodable>}.
 *
 * <p>Usage: {@code taskline dlq list emails --type welcome-email --error timeout --since 2h --json}
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List a queue's dead letters, oldest death first; filters combine.")
public final class DlqListCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Mixin
    private DlqFilterOptions filters;

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue whose dead letters to list.")
    private String queue;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "At most N dead letters, the oldest deaths (default: all).")
    private int limit;

    @Option(names = "--json", description = "Print one JSON object per dead letter.")
    private boolean json;

    @Override
    public Integer call() {
        DeadLetterFilter filter = filters.filter(Clock.systemUTC());
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or more, was " + limit);
        }
        String dlq = QueueTopics.of(queue).dlq();
        PrintWriter out = global.out();
        ScanResult result;
        try (DeadLetterReader reader = DeadLetterReader.create(new DeadLetterConfig(global.reachableConfig().properties()))) {
            ProgressBar bar = ProgressBar.on(out, "reading " + dlq, !json && Terminal.system().present());
            result = reader.scan(queue, filter, limit, bar);
            bar.clear();
        }
        if (json) {
            result.letters().forEach(letter -> JsonOutput.println(out, DeadLetterRows.json(letter)));
            return ExitCodes.OK;
        }
        if (!result.letters().isEmpty()) {
            DeadLetterRows.table(result.letters()).forEach(out::println);
        }
        out.println(DeadLetterRows.summary(result, dlq));
        out.flush();
        return ExitCodes.OK;
    }
}
