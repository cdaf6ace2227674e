package io.taskline.cli;

import io.taskline.retry.Durations;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline topics create}: creates a queue's topics (the queue, one per retry tier, the
 * DLQ) idempotently. Running it again changes nothing; topics that disagree on the partition
 * count are an error (exit 2).
 *
 * <p>Usage: {@code taskline topics create --queue emails --partitions 6 --tiers 5s,1m,10m}
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a queue's topics (queue, retry tiers, DLQ) if missing.")
public final class TopicsCreateCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Option(names = "--queue", required = true, paramLabel = "QUEUE", description = "The queue name.")
    private String queue;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of new topics (default: the existing queue's, or "
                    + QueueTopicAdmin.DEFAULT_PARTITIONS + ").")
    private Integer partitions;

    @Option(names = "--tiers", paramLabel = "DELAYS", description = "Retry tier delays (default: 5s,1m,10m).")
    private String tiers;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        QueueSpec spec = QueueSpec.of(queue);
        if (tiers != null) {
            spec = spec.withTiers(Durations.parseList(tiers));
        }
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, was " + partitions);
        }
        QueueTopicAdmin.Result result;
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(global.reachableConfig().kafka())) {
            result = admin.ensure(spec, partitions == null ? OptionalInt.empty() : OptionalInt.of(partitions));
        }
        print(result);
        return ExitCodes.OK;
    }

    private void print(QueueTopicAdmin.Result result) {
        PrintWriter out = global.out();
        if (json) {
            var node = JsonOutput.object().put("queue", queue).put("partitions", result.partitions());
            result.created().forEach(node.putArray("created")::add);
            result.existing().forEach(node.putArray("existing")::add);
            JsonOutput.println(out, node);
            return;
        }
        result.created().forEach(topic -> out.println("created  " + topic));
        result.existing().forEach(topic -> out.println("exists   " + topic));
        out.println("queue " + queue + ": " + result.created().size() + " created, " + result.existing().size()
                + " already existed (" + result.partitions() + " partitions each)");
        out.flush();
    }
}
