package io.taskline.dlq;

import java.util.List;

/**
 * What a replay would do, computed without writing anything: the dead letters it would
 * republish (payload edits already applied and validated), and those it skips. Show it for
 * {@code --dry-run}; pass it to {@link DeadLetterReplayer#replay} to carry it out.
 *
 * <p>Usage: {@code ReplayPlan plan = replayer.plan("emails", filter, options); print(plan.toReplay().size());}
 */
public final class ReplayPlan {

    private final String queue;
    private final DeadLetterFilter filter;
    private final ReplayOptions options;
    private final List<DeadLetter> toReplay;
    private final List<byte[]> payloads;
    private final List<DeadLetter> alreadyReplayed;
    private final List<DeadLetter> undecodable;
    private final long scanned;

    ReplayPlan(String queue, DeadLetterFilter filter, ReplayOptions options, List<DeadLetter> toReplay,
               List<byte[]> payloads, List<DeadLetter> alreadyReplayed, List<DeadLetter> undecodable, long scanned) {
        this.queue = queue;
        this.filter = filter;
        this.options = options;
        this.toReplay = List.copyOf(toReplay);
        this.payloads = List.copyOf(payloads);
        this.alreadyReplayed = List.copyOf(alreadyReplayed);
        this.undecodable = List.copyOf(undecodable);
        this.scanned = scanned;
    }

    /** The queue whose dead letters are replayed. */
    public String queue() {
        return queue;
    }

    /** The queue tasks would be republished to. */
    public String targetQueue() {
        return options.targetOr(queue);
    }

    /** The filter that selected the letters. */
    public DeadLetterFilter filter() {
        return filter;
    }

    /** The replay options. */
    public ReplayOptions options() {
        return options;
    }

    /** The dead letters that would be republished, oldest death first. */
    public List<DeadLetter> toReplay() {
        return toReplay;
    }

    /** Matching letters skipped because the ledger records a replay (empty with {@code force}). */
    public List<DeadLetter> alreadyReplayed() {
        return alreadyReplayed;
    }

    /** Matching letters skipped because they cannot be decoded; {@link DeadLetter#errorMessage()} says why. */
    public List<DeadLetter> undecodable() {
        return undecodable;
    }

    /** Records read from the DLQ to make the plan. */
    public long scanned() {
        return scanned;
    }

    /** True when there is nothing to republish. */
    public boolean isEmpty() {
        return toReplay.isEmpty();
    }

    /** The payload bytes to send for {@code toReplay().get(i)}: edited, or the original. */
    byte[] payload(int i) {
        return payloads.get(i);
    }

    @Override
    public String toString() {
        return "ReplayPlan{" + queue + " -> " + targetQueue() + ", filter " + filter + ", " + toReplay.size()
                + " to replay, " + alreadyReplayed.size() + " already replayed, " + undecodable.size() + " undecodable}";
    }
}
