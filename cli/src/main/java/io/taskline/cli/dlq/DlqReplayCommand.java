package io.taskline.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.cli.ExitCodes;
import io.taskline.cli.GlobalOptions;
import io.taskline.cli.JsonOutput;
import io.taskline.dlq.DeadLetterConfig;
import io.taskline.dlq.DeadLetterFilter;
import io.taskline.dlq.DeadLetterPayloads;
import io.taskline.dlq.DeadLetterReplayer;
import io.taskline.dlq.Redactor;
import io.taskline.dlq.ReplayOptions;
import io.taskline.dlq.ReplayPlan;
import io.taskline.dlq.ReplayResult;
import io.taskline.retry.QueueTopics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code taskline dlq replay}: republishes the dead letters the filters select to their queue (or
 * {@code --to}), same key and id, attempt reset unless {@code --keep-attempts}, each recorded in
 * the replay ledger so the same replay does not run twice unless {@code --force}. {@code --set}
 * edits are checked against the payload schema before anything is written; {@code --dry-run}
 * writes nothing. More than {@value ReplayGate#CONFIRM_ABOVE} need {@code --yes} or a yes on a
 * terminal.
 *
 * <p>Usage: {@code taskline dlq replay emails --type welcome-email --set to=ann@example.com --dry-run}
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Republish the selected dead letters to their queue (or --to), each once.",
                "Edits (--set) are validated before anything is written; --dry-run writes nothing."})
public final class DlqReplayCommand implements Callable<Integer> {

    private static final String PRODUCER_SENDER = "org.apache.kafka.clients.producer.internals.Sender";

    @Mixin
    private GlobalOptions global;

    @Mixin
    private DlqFilterOptions filters;

    @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue whose dead letters to replay.")
    private String queue;

    @Option(names = "--to", paramLabel = "QUEUE", description = "Replay to this queue instead (it must exist).")
    private String to;

    @Option(names = "--dry-run", description = "Print what would be replayed, payloads after --set included; write nothing.")
    private boolean dryRun;

    @Option(names = "--set", paramLabel = "FIELD=VALUE",
            description = "Edit a payload field before replaying (repeatable; nested: address.city=Oslo; JSON for records).")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--keep-attempts", description = "Keep the failed attempt count instead of starting at attempt 1.")
    private boolean keepAttempts;

    @Option(names = "--force", description = "Replay dead letters again that were replayed before.")
    private boolean force;

    @Option(names = {"-y", "--yes"},
            description = "Replay more than " + ReplayGate.CONFIRM_ABOVE + " dead letters without asking.")
    private boolean yes;

    @Option(names = "--json", description = "Print the plan (--dry-run) or the result as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        DeadLetterFilter filter = filters.filter(Clock.systemUTC());
        ReplayOptions options = ReplayOptions.builder().to(to).keepAttempts(keepAttempts).force(force).sets(sets).build();
        DeadLetterConfig config = new DeadLetterConfig(global.reachableConfig().properties());
        Terminal terminal = Terminal.system();
        try (DeadLetterReplayer replayer = DeadLetterReplayer.create(config)) {
            ReplayPlan plan;
            ProgressBar reading = bar("reading " + QueueTopics.of(queue).dlq(), terminal);
            try {
                plan = replayer.plan(queue, filter, options, reading);
            } finally {
                reading.clear();
            }
            if (dryRun) {
                printPlan(plan, editedPayloads(plan, replayer, Redactor.from(config)));
                return ExitCodes.OK;
            }
            Integer refused = confirm(plan, terminal);
            return refused != null ? refused : replay(replayer, plan, terminal);
        }
    }

    private int replay(DeadLetterReplayer replayer, ReplayPlan plan, Terminal terminal) {
        if (!global.verbose()) {
            quietRetriedSends();
        }
        ReplayResult result;
        ProgressBar replaying = bar("replaying", terminal);
        try {
            result = replayer.replay(plan, replaying);
        } finally {
            replaying.clear();
        }
        if (json) {
            JsonOutput.println(global.out(), ReplayReport.resultJson(result));
        } else {
            global.out().println(ReplayReport.resultLine(result));
            global.out().flush();
        }
        return ExitCodes.OK;
    }

    /** A progress bar on stdout, drawn only for a person at a terminal reading text. */
    private ProgressBar bar(String label, Terminal terminal) {
        return ProgressBar.on(global.out(), label, !json && terminal.present());
    }

    /**
     * Back-to-back replay transactions make the Kafka producer log each retried send at WARN
     * (CONCURRENT_TRANSACTIONS while the previous commit completes), over the progress bar; a send
     * that really fails still fails the replay with one error line.
     */
    private static void quietRetriedSends() {
        if (LoggerFactory.getLogger(PRODUCER_SENDER) instanceof ch.qos.logback.classic.Logger sender
                && sender.getLevel() == null) {
            sender.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    /** Null when the replay may go ahead, else the exit code of not replaying. */
    private Integer confirm(ReplayPlan plan, Terminal terminal) {
        int count = plan.toReplay().size();
        switch (ReplayGate.decide(count, yes, terminal.present())) {
            case REFUSE -> {
                global.err().println("error: refusing to replay " + count + " dead letters without --yes: more than "
                        + ReplayGate.CONFIRM_ABOVE + " need confirmation and there is no terminal to ask"
                        + " (--dry-run lists them)");
                global.err().flush();
                return ExitCodes.BAD_INPUT;
            }
            case ASK -> {
                if (!terminal.confirm("Replay " + count + " dead letters of " + plan.queue() + " to "
                        + plan.targetQueue() + "?")) {
                    global.out().println("not replayed; nothing written");
                    global.out().flush();
                    return ExitCodes.FAILED;
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private void printPlan(ReplayPlan plan, List<JsonNode> payloads) {
        PrintWriter out = global.out();
        if (json) {
            JsonOutput.println(out, ReplayReport.planJson(plan, payloads));
        } else {
            ReplayReport.planLines(plan, payloads).forEach(out::println);
            out.flush();
        }
    }

    /** The payload each planned letter would carry, redacted; empty when there are no edits to show. */
    private static List<JsonNode> editedPayloads(ReplayPlan plan, DeadLetterReplayer replayer, Redactor redactor) {
        List<JsonNode> out = new ArrayList<>();
        if (!plan.options().edits().isEmpty()) {
            for (int i = 0; i < plan.toReplay().size(); i++) {
                out.add(redactor.redact(DeadLetterPayloads.replayPayloadAsJsonTree(plan, i, replayer.reader().registry())));
            }
        }
        return out;
    }
}
