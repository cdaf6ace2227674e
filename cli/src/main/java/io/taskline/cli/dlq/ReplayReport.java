package io.taskline.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskline.cli.JsonOutput;
import io.taskline.dlq.DeadLetter;
import io.taskline.dlq.ReplayPlan;
import io.taskline.dlq.ReplayResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code dlq replay} reports: for {@code --dry-run} the plan (what would be replayed, the
 * payloads after {@code --set}, what is skipped and why); after a replay the final count. Text
 * for people, one JSON object for {@code --json}.
 *
 * <p>Usage: {@code ReplayReport.planLines(plan, payloads).forEach(out::println);}
 */
public final class ReplayReport {

    private ReplayReport() {
    }

    /** The dry run as text; {@code payloads} are the edited payloads by letter, or empty without edits. */
    public static List<String> planLines(ReplayPlan plan, List<JsonNode> payloads) {
        List<String> out = new ArrayList<>();
        out.add("dry run: would replay " + count(plan.toReplay().size()) + " of " + plan.queue() + " to "
                + plan.targetQueue() + how(plan));
        if (!plan.isEmpty()) {
            DeadLetterRows.table(plan.toReplay()).forEach(out::add);
        }
        if (!payloads.isEmpty()) {
            out.add("payloads after --set:");
            for (int i = 0; i < payloads.size(); i++) {
                out.add("  " + plan.toReplay().get(i).taskId() + "  " + JsonOutput.line(payloads.get(i)));
            }
        }
        String skipped = skipped(plan.alreadyReplayed().size(), plan.undecodable().size());
        if (!skipped.isEmpty()) {
            out.add("skipped: " + skipped);
        }
        out.add("nothing written (" + plan.scanned() + " records of the DLQ read)");
        return out;
    }

    /** The dry run as one JSON object; each task carries its edited payload when there are edits. */
    public static ObjectNode planJson(ReplayPlan plan, List<JsonNode> payloads) {
        ObjectNode node = JsonOutput.object().put("queue", plan.queue()).put("targetQueue", plan.targetQueue())
                .put("dryRun", true).put("wouldReplay", plan.toReplay().size())
                .put("alreadyReplayed", plan.alreadyReplayed().size()).put("undecodable", plan.undecodable().size())
                .put("scanned", plan.scanned());
        ArrayNode tasks = node.putArray("tasks");
        for (int i = 0; i < plan.toReplay().size(); i++) {
            ObjectNode task = DeadLetterRows.json(plan.toReplay().get(i));
            if (!payloads.isEmpty()) {
                task.set("payload", payloads.get(i));
            }
            tasks.add(task);
        }
        ArrayNode skipped = node.putArray("skipped");
        plan.alreadyReplayed().forEach(l -> skipped.add(skippedJson(l, ReplayResult.SkipReason.ALREADY_REPLAYED)));
        plan.undecodable().forEach(l -> skipped.add(skippedJson(l, ReplayResult.SkipReason.UNDECODABLE)));
        return node;
    }

    /** The final count, e.g. {@code replayed 3 dead letters of emails to emails in 120 ms; skipped 1 undecodable}. */
    public static String resultLine(ReplayResult result) {
        String line = "replayed " + count(result.replayedCount()) + " of " + result.queue() + " to "
                + result.targetQueue() + " in " + result.took().toMillis() + " ms";
        String skipped = skipped(result.skippedAlreadyReplayed(), result.skippedUndecodable());
        return skipped.isEmpty() ? line : line + "; skipped " + skipped;
    }

    /** The replay as one JSON object: counts, each republished task and each skipped dead letter. */
    public static ObjectNode resultJson(ReplayResult result) {
        ObjectNode node = JsonOutput.object().put("queue", result.queue()).put("targetQueue", result.targetQueue())
                .put("dryRun", false).put("replayed", result.replayedCount())
                .put("skippedAlreadyReplayed", result.skippedAlreadyReplayed())
                .put("skippedUndecodable", result.skippedUndecodable()).put("tookMs", result.took().toMillis());
        ArrayNode tasks = node.putArray("tasks");
        for (ReplayResult.Replayed r : result.replayed()) {
            tasks.addObject().put("taskId", r.taskId()).put("dlqPartition", r.dlqPartition())
                    .put("dlqOffset", r.dlqOffset()).put("partition", r.partition()).put("offset", r.offset());
        }
        ArrayNode skipped = node.putArray("skipped");
        for (ReplayResult.Skipped s : result.skipped()) {
            skipped.addObject().put("taskId", s.taskId()).put("dlqPartition", s.dlqPartition())
                    .put("dlqOffset", s.dlqOffset()).put("reason", reason(s.reason())).put("detail", s.detail());
        }
        return node;
    }

    private static ObjectNode skippedJson(DeadLetter l, ReplayResult.SkipReason reason) {
        return JsonOutput.object().put("taskId", l.taskId()).put("dlqPartition", l.partition())
                .put("dlqOffset", l.offset()).put("reason", reason(reason));
    }

    private static String how(ReplayPlan plan) {
        String attempts = plan.options().keepAttempts() ? ", attempts kept" : ", attempts reset to 1";
        String force = plan.options().force() ? ", forced" : "";
        String edits = plan.options().edits().isEmpty() ? "" : ", edits: " + plan.options().edits().toString()
                .replaceAll("^\\[|\\]$", "");
        return attempts + force + edits;
    }

    private static String skipped(int alreadyReplayed, int undecodable) {
        List<String> parts = new ArrayList<>();
        if (alreadyReplayed > 0) {
            parts.add(alreadyReplayed + " already replayed (--force replays them again)");
        }
        if (undecodable > 0) {
            parts.add(undecodable + " undecodable (nothing to replay)");
        }
        return String.join(", ", parts);
    }

    private static String count(int n) {
        return n + (n == 1 ? " dead letter" : " dead letters");
    }

    private static String reason(ReplayResult.SkipReason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
