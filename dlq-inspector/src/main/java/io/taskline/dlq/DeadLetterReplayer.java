package io.taskline.dlq;

import io.taskline.dlq.internal.Operator;
import io.taskline.dlq.internal.ReplayEnvelopes;
import io.taskline.dlq.internal.ReplayPayloads;
import io.taskline.dlq.internal.ReplayRecords;
import io.taskline.dlq.internal.ReplayWriter;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Replays dead letters: {@link #plan} works out, writing nothing, which letters a filter selects
 * and applies and validates payload edits; {@link #replay} republishes them to the queue with the
 * same key, id and lineage, attempt reset (unless kept), a {@code Replay} entry appended, and
 * records each one in the replay ledger in the same transaction, so a replay is not run twice.
 *
 * <p>Usage:
 * <pre>{@code
 * try (DeadLetterReplayer replayer = DeadLetterReplayer.create(config)) {
 *     ReplayPlan plan = replayer.plan("emails", filter, ReplayOptions.builder().set("to=ann@example.com").build());
 *     ReplayResult result = replayer.replay(plan, (done, total) -> bar.update(done, total));
 * }
 * }</pre>
 */
public final class DeadLetterReplayer implements AutoCloseable {

    private final KafkaClientSettings settings;
    private final SchemaRegistry registry;
    private final DeadLetterReader reader;
    private final SingleObjectCodec codec;
    private final ReplayLedger ledger;
    private final Clock clock;
    private final int batchSize;

    private DeadLetterReplayer(DeadLetterConfig config, Clock clock) {
        this.settings = config.kafka();
        this.registry = KafkaSchemaRegistry.connect(settings);
        this.reader = DeadLetterReader.create(settings, registry);
        this.codec = new SingleObjectCodec(registry);
        this.ledger = ReplayLedger.of(settings);
        this.clock = clock;
        this.batchSize = config.replayBatchSize();
    }

    /** Connects a replayer stamping replays with the system clock. */
    public static DeadLetterReplayer create(DeadLetterConfig config) {
        return new DeadLetterReplayer(config, Clock.systemUTC());
    }

    /** Connects a replayer stamping replays with {@code clock}. */
    public static DeadLetterReplayer create(DeadLetterConfig config, Clock clock) {
        return new DeadLetterReplayer(config, clock);
    }

    /**
     * What replaying the dead letters of {@code queue} that {@code filter} selects would do.
     * Writes nothing.
     *
     * @throws IllegalArgumentException when the target queue does not exist, or a payload edit
     *     does not fit a selected letter (naming the task and the field)
     */
    public ReplayPlan plan(String queue, DeadLetterFilter filter, ReplayOptions options) {
        return plan(queue, filter, options, ProgressListener.NONE);
    }

    /**
     * {@link #plan(String, DeadLetterFilter, ReplayOptions)}, telling {@code progress} how much of
     * the DLQ has been read, so a long scan can show a progress bar. Writes nothing.
     *
     * <p>Usage: {@code ReplayPlan plan = replayer.plan("emails", filter, options, (done, total) -> bar.update(done, total));}
     */
    public ReplayPlan plan(String queue, DeadLetterFilter filter, ReplayOptions options, ProgressListener progress) {
        String target = options.targetOr(queue);
        requireQueue(target);
        ScanResult scan = reader.scan(queue, filter, 0, progress);
        List<DeadLetter> toReplay = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        List<DeadLetter> alreadyReplayed = new ArrayList<>();
        List<DeadLetter> undecodable = new ArrayList<>();
        for (DeadLetter letter : scan.letters()) {
            if (letter.undecodable()) {
                undecodable.add(letter);
            } else if (letter.replayed() && !options.force()) {
                alreadyReplayed.add(letter);
            } else {
                payloads.add(ReplayPayloads.prepare(letter, options.edits(), codec));
                toReplay.add(letter);
            }
        }
        return new ReplayPlan(queue, filter, options, toReplay, payloads, alreadyReplayed, undecodable, scan.scanned());
    }

    /** Carries out {@code plan} without progress reports. */
    public ReplayResult replay(ReplayPlan plan) {
        return replay(plan, ProgressListener.NONE);
    }

    /**
     * Republishes the letters of {@code plan}, one transaction per batch, telling {@code progress}
     * after each committed batch. Letters replayed by someone else since the plan was made are
     * skipped unless the plan is forced.
     *
     * @throws ReplayFailedException when a batch fails; earlier batches stay replayed
     */
    public ReplayResult replay(ReplayPlan plan, ProgressListener progress) {
        long start = System.nanoTime();
        List<ReplayResult.Skipped> skipped = new ArrayList<>();
        plan.undecodable().forEach(l -> skipped.add(skip(l, ReplayResult.SkipReason.UNDECODABLE, l.errorMessage())));
        plan.alreadyReplayed().forEach(l -> skipped.add(skip(l, ReplayResult.SkipReason.ALREADY_REPLAYED,
                "replayed before")));
        List<ReplayResult.Replayed> done = new ArrayList<>();
        if (plan.toReplay().isEmpty()) {
            progress.update(0, 0);
            return result(plan, done, skipped, start);
        }
        ledger.ensureTopic(plan.queue());
        // One transactional id per DLQ: a replay of the same DLQ started later fences this one
        // (whose open transaction is aborted), and the ledger is read only once no earlier replay
        // can commit any more, so two replays at once never both republish a letter.
        try (ReplayWriter writer = new ReplayWriter(settings, transactionalId(plan.queue()),
                ReplayLedger.topicOf(plan.queue()))) {
            Map<String, ReplayLedger.Entry> replayedNow = plan.options().force() ? Map.of() : ledger.read(plan.queue());
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < plan.toReplay().size(); i++) {
                DeadLetter letter = plan.toReplay().get(i);
                if (ReplayLedger.isReplayed(replayedNow, letter)) {
                    skipped.add(skip(letter, ReplayResult.SkipReason.ALREADY_REPLAYED, "replayed since the plan was made"));
                } else {
                    pending.add(i);
                }
            }
            progress.update(0, pending.size());
            boolean events;
            try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
                events = !admin.describe(List.of(SystemTopics.EVENTS)).isEmpty();
            } catch (RuntimeException notVisible) {
                events = false; // not allowed to see it, say: the replay goes on without its events
            }
            send(writer, plan, pending, events, done, skipped, progress, start);
        }
        return result(plan, done, skipped, start);
    }

    /** The transactional id of every replay of {@code queue}'s dead letters, whoever runs it. */
    static String transactionalId(String queue) {
        return "taskline-dlq-replay-" + queue;
    }

    /** Sends the pending letters batch by batch, encoding each batch only when it is sent. */
    private void send(ReplayWriter writer, ReplayPlan plan, List<Integer> pending, boolean events,
                      List<ReplayResult.Replayed> done, List<ReplayResult.Skipped> skipped, ProgressListener progress,
                      long start) {
        Instant at = clock.instant();
        String by = plan.options().by() != null ? plan.options().by() : Operator.current();
        for (int from = 0; from < pending.size(); from += batchSize) {
            List<ReplayWriter.Outgoing> batch = new ArrayList<>();
            for (int i : pending.subList(from, Math.min(pending.size(), from + batchSize))) {
                batch.add(outgoing(plan, i, at, by, events));
            }
            try {
                done.addAll(writer.commit(batch, at, by));
            } catch (KafkaException e) {
                if (fenced(e)) {
                    throw new ReplayFailedException("another replay of " + plan.queue() + "'s dead letters started and"
                            + " carries on; this one stopped after " + done.size() + " of " + pending.size() + " tasks",
                            result(plan, done, skipped, start), e);
                }
                throw new ReplayFailedException("replay of " + plan.queue() + " to " + plan.targetQueue()
                        + " stopped after " + done.size() + " of " + pending.size() + " tasks: " + e.getMessage(),
                        result(plan, done, skipped, start), e);
            }
            progress.update(done.size(), pending.size());
        }
    }

    /** True when {@code error} says a later writer of the same transactional id took over. */
    private static boolean fenced(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private ReplayWriter.Outgoing outgoing(ReplayPlan plan, int i, Instant at, String by, boolean events) {
        DeadLetter letter = plan.toReplay().get(i);
        Task task = ReplayEnvelopes.replayed(letter.task(), plan.payload(i), plan.targetQueue(),
                plan.options().keepAttempts(),
                ReplayEnvelopes.provenance(at, letter.topic(), letter.partition(), letter.offset(), by));
        // Enqueued again, so `taskline task status` shows the replay and counts attempts afresh.
        ProducerRecord<byte[], byte[]> enqueued = !events ? null : new ProducerRecord<>(SystemTopics.EVENTS,
                task.getId().getBytes(StandardCharsets.UTF_8), codec.encode(TaskEvent.newBuilder().setTaskId(task.getId())
                        .setQueue(task.getQueue()).setType(task.getType()).setKey(task.getKey())
                        .setEvent(TaskEventType.ENQUEUED).setAttempt(task.getAttempt()).setAt(at)
                        .setBatchId(task.getBatchId()).build()));
        return new ReplayWriter.Outgoing(letter.taskId(), letter.partition(), letter.offset(),
                ReplayRecords.of(letter, task, codec.encode(task), plan.targetQueue()), enqueued);
    }

    private static ReplayResult result(ReplayPlan plan, List<ReplayResult.Replayed> done,
                                       List<ReplayResult.Skipped> skipped, long start) {
        return new ReplayResult(plan.queue(), plan.targetQueue(), done, skipped,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static ReplayResult.Skipped skip(DeadLetter letter, ReplayResult.SkipReason reason, String detail) {
        return new ReplayResult.Skipped(letter.taskId(), letter.partition(), letter.offset(), reason, detail);
    }

    private void requireQueue(String queue) {
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            if (admin.describe(List.of(queue)).isEmpty()) {
                throw new IllegalArgumentException("unknown queue '" + queue + "': create it with `taskline topics create"
                        + " --queue " + queue + "`");
            }
        }
    }

    /** The reader this replayer plans with, sharing its schema registry. */
    public DeadLetterReader reader() {
        return reader;
    }

    @Override
    public void close() {
        reader.close();
        registry.close();
    }
}
