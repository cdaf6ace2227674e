package io.taskline.cli.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.cli.ExitCodes;
import io.taskline.cli.GlobalOptions;
import io.taskline.cli.JsonOutput;
import io.taskline.dlq.DeadLetter;
import io.taskline.dlq.DeadLetterConfig;
import io.taskline.dlq.DeadLetterFilter;
import io.taskline.dlq.DeadLetterReader;
import io.taskline.dlq.ProgressListener;
import io.taskline.dlq.Redactor;
import io.taskline.dlq.ReplayLedger;
import io.taskline.retry.QueueTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskline dlq show}: the whole story of one dead letter, found by task id (the latest
 * death when a task died more than once) or by DLQ position {@code PARTITION:OFFSET} (for a
 * record that could not be decoded). Fields named in {@code redact.fields} print as {@code ***}.
 *
 * <p>Usage: {@code taskline dlq show emails 3f2a9c1e-...} or {@code taskline dlq show emails 2:417 --json}
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show one dead letter: envelope, payload as JSON, headers, origin and every failure.",
                "Fields named in the config key " + DeadLetterConfig.REDACT_FIELDS_CONFIG + " print as ***."})
public final class DlqShowCommand implements Callable<Integer> {

    private static final Pattern POSITION = Pattern.compile("\\d+:\\d+");

    @Mixin
    private GlobalOptions global;

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue of the dead letter.")
    private String queue;

    @Parameters(index = "1", paramLabel = "ID",
            description = "The task id, or the DLQ position PARTITION:OFFSET that dlq list shows.")
    private String id;

    @Option(names = "--json", description = "Print the story as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        DeadLetterConfig config = new DeadLetterConfig(global.reachableConfig().properties());
        Redactor redactor = Redactor.from(config);
        ObjectNode story;
        try (DeadLetterReader reader = DeadLetterReader.create(config)) {
            List<DeadLetter> deaths = deaths(reader);
            if (deaths.isEmpty()) {
                global.err().println("error: no dead letter " + id + " on " + QueueTopics.of(queue).dlq());
                global.err().flush();
                return ExitCodes.FAILED;
            }
            DeadLetter latest = deaths.get(deaths.size() - 1);
            List<String> earlier = deaths.subList(0, deaths.size() - 1).stream().map(DeadLetter::position).toList();
            ReplayLedger.Entry replay = latest.replayed()
                    ? ReplayLedger.of(config.kafka()).read(queue).get(latest.position()) : null;
            story = DeadLetterStory.of(latest, reader.registry(), redactor, earlier, replay);
        }
        if (json) {
            JsonOutput.println(global.out(), story);
        } else {
            StoryText.lines(story).forEach(global.out()::println);
            global.out().flush();
        }
        return ExitCodes.OK;
    }

    /** Every dead letter of task {@code id}, oldest death first; else the one at position {@code id}. */
    private List<DeadLetter> deaths(DeadLetterReader reader) {
        List<DeadLetter> byId = reader.scan(queue, DeadLetterFilter.builder().id(id).build()).letters();
        if (!byId.isEmpty() || !POSITION.matcher(id).matches()) {
            return byId;
        }
        List<DeadLetter> at = new ArrayList<>();
        reader.stream(queue, DeadLetterFilter.all(), letter -> {
            if (letter.position().equals(id)) {
                at.add(letter);
            }
        }, ProgressListener.NONE);
        return at;
    }
}
