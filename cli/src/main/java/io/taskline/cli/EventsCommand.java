package io.taskline.cli;

import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.SystemTopics;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code taskline events}: prints task lifecycle events from {@code taskline.events}, oldest
 * first, without joining a consumer group. Without {@code --follow} it stops at the end it saw
 * when it started; with {@code --follow} it keeps printing until Ctrl-C.
 *
 * <p>Usage: {@code taskline events --queue demo --json}
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print task events (started, succeeded, retrying, dead) from " + SystemTopics.EVENTS + ".")
public final class EventsCommand implements Callable<Integer> {

    @Mixin
    private GlobalOptions global;

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only events of this queue.")
    private String queue;

    @Option(names = "--follow", description = "Keep printing new events until Ctrl-C.")
    private boolean follow;

    @Option(names = "--json", description = "Print one JSON object per event.")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        KafkaClientSettings settings = global.reachableConfig().kafka();
        if (queue != null) {
            try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
                if (admin.describe(List.of(queue)).isEmpty()) {
                    // A typo would otherwise print nothing and exit 0, as a quiet queue does.
                    throw new IllegalArgumentException("unknown queue '" + queue + "': no topic of that name"
                            + " (`taskline lag` lists the queues)");
                }
            }
        }
        PrintWriter out = global.out();
        try (EventReader reader = new EventReader(settings, queue);
             ShutdownSignal stop = follow ? ShutdownSignal.onShutdown("events", reader::stop) : null) {
            reader.read(follow, event -> {
                if (json) {
                    JsonOutput.println(out, EventLines.json(event));
                } else {
                    out.println(EventLines.text(event));
                    out.flush();
                }
            });
        }
        return ExitCodes.OK;
    }
}
