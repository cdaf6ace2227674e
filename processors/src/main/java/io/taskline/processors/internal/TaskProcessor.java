package io.taskline.processors.internal;

import io.taskline.processors.HandlerRegistry;
import io.taskline.processors.Ordering;
import io.taskline.processors.QueueExecution;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's task step for one partition: decode the task, skip it if it already succeeded,
 * admit it into the changelogged in-flight store, and let the {@link TaskDispatcher} run it on the
 * queue's pool; outcomes are routed on the stream thread ({@link OutcomeRouter}) and the task
 * leaves the store in the same commit. A crash or rebalance re-runs what the store still holds.
 * See {@code docs/execution.md}.
 */
public final class TaskProcessor implements Processor<byte[], byte[], byte[], byte[]>, TaskDispatcher.Steps {

    private static final Logger log = LoggerFactory.getLogger(TaskProcessor.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    /** How often outcomes, deadlines and permits are looked at when no record arrives. */
    public static final Duration TICK = Duration.ofMillis(10);
    private static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

    private final QueueSpec spec;
    private final QueueExecution execution;
    private final HandlerRegistry handlers;
    private final RecordCodec codec;
    private final TaskPool pool;
    private final RateLimits limits;
    private final Clock clock;
    private final String worker;
    private final Duration dedupWindow;
    private final NodeNames names;
    private final TaskMetrics metrics;
    private final Set<String> inFlightIds = new HashSet<>();
    private final Map<String, Set<String>> rateLimitsByType = new HashMap<>();
    private final List<KeyParking.Parked> toRestore = new ArrayList<>();
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> completed;
    private KeyValueStore<Long, byte[]> inFlight;
    private KeyParking parking;
    private OutcomeRouter router;
    private TaskDispatcher dispatcher;
    private long nextSeq;
    private long blockBudgetNanos;
    private long blockedNanos;

    /** Creates the step for one partition of a queue. */
    public TaskProcessor(QueueSpec spec, QueueExecution execution, HandlerRegistry handlers, RecordCodec codec,
                         TaskPool pool, RateLimits limits, Clock clock, String worker, Duration dedupWindow,
                         TaskMetrics metrics) {
        this.spec = spec;
        this.execution = execution;
        this.handlers = handlers;
        this.codec = codec;
        this.pool = pool;
        this.limits = limits;
        this.clock = clock;
        this.worker = worker;
        this.dedupWindow = dedupWindow;
        this.names = new NodeNames(spec.name());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        // Kafka Streams initialises this same instance again when it revives a task it closed dirty
        // (a commit that failed while Kafka was away, say): what the instance knew of its tasks then
        // is stale, and a task it still counted as in flight would be skipped, then lost.
        inFlightIds.clear();
        toRestore.clear();
        nextSeq = 0;
        blockedNanos = 0;
        this.context = ctx;
        this.completed = ctx.getStateStore(names.completedStore());
        this.inFlight = ctx.getStateStore(names.inFlightStore());
        if (execution.ordering() == Ordering.KEY) {
            parking = new KeyParking(ctx.getStateStore(names.blockersStore()), ctx.getStateStore(names.keyParkedStore()));
        }
        this.router = new OutcomeRouter(spec, codec, clock, worker, metrics, ctx);
        this.dispatcher = new TaskDispatcher(pool, limits, this, clock);
        Object maxPoll = ctx.appConfigs().get("max.poll.interval.ms");
        long maxPollMs = maxPoll == null ? DEFAULT_MAX_POLL_INTERVAL_MS : Long.parseLong(maxPoll.toString());
        // Waiting for room never takes more than a third of the poll interval between two ticks.
        this.blockBudgetNanos = TimeUnit.MILLISECONDS.toNanos(maxPollMs / 3);
        try (KeyValueIterator<Long, byte[]> all = inFlight.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                toRestore.add(new KeyParking.Parked(entry.key, ParkedTasks.decode(entry.value)));
                nextSeq = Math.max(nextSeq, entry.key + 1);
            }
        }
        if (parking != null) {
            nextSeq = Math.max(nextSeq, parking.nextSeq());
        }
        ctx.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, now -> tick());
        ctx.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::purgeCompleted);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        restore();
        Record<byte[], byte[]> stored = record.withHeaders(record.headers());
        context.recordMetadata().filter(m -> m.topic() != null)
                .ifPresent(origin -> OutHeaders.origin(stored.headers(), origin));
        accept(stored, -1);
        dispatcher.drain();
        if (blockedNanos < blockBudgetNanos) {
            blockedNanos += dispatcher.awaitRoom(execution.concurrency(), blockBudgetNanos - blockedNanos);
        }
    }

    private void tick() {
        restore();
        blockedNanos = 0;
        dispatcher.drain();
    }

    /** Re-admits what the in-flight store held when this partition was assigned: those tasks run again. */
    private void restore() {
        if (toRestore.isEmpty()) {
            return;
        }
        log.atInfo().addKeyValue("queue", spec.name()).addKeyValue("tasks", toRestore.size())
                .log("running again the tasks that were in flight when the partition changed owner");
        List<KeyParking.Parked> again = new ArrayList<>(toRestore);
        toRestore.clear();
        again.forEach(p -> accept(p.record(), p.seq()));
    }

    /** Admits a task, or settles it at once when it cannot run; {@code seq} ≥ 0 when it is in the store already. */
    private void accept(Record<byte[], byte[]> stored, long seq) {
        Task task;
        try {
            task = codec.decode(stored.value(), Task.class);
        } catch (UndecodableRecordException e) {
            log.atWarn().addKeyValue("queue", spec.name()).addKeyValue("dlq", spec.topics().dlq())
                    .addKeyValue("reason", e.getMessage()).log("undecodable record goes to the dead-letter topic");
            Headers headers = OutHeaders.deadLetter(stored.headers(), "undecodable: " + e.getMessage(), null);
            OutHeaders.put(headers, TaskHeaders.UNDECODABLE, "true");
            // Stamped now: a dead letter's time is when it died (what `dlq list --since` filters on),
            // not when the bytes were published; the origin headers still say where they were read.
            context.forward(stored.withHeaders(headers).withTimestamp(clock.millis()), names.dlqSink());
            metrics.outcome(spec.name(), "<undecodable>", TaskMetrics.UNDECODABLE);
            forget(seq);
            return;
        }
        if (completed.get(task.getId()) != null || inFlightIds.contains(task.getId())) {
            log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                    .log(completed.get(task.getId()) != null ? "task skipped: already completed"
                            : "task skipped: the same task is in flight");
            forget(seq);
            return;
        }
        long admittedSeq = seq >= 0 ? seq : nextSeq++;
        if (parking != null && parking.blocks(task.getKey(), task.getId())) {
            park(task, admittedSeq, stored);
            forget(seq);
            return;
        }
        TaskHandler<?> handler = handlers.handler(task.getType()).orElse(null);
        Throwable refusal = refusal(task, handler);
        Object payload = null;
        if (refusal == null) {
            try {
                payload = codec.decode(task.getPayload().array(), handler.payloadType());
            } catch (UndecodableRecordException e) {
                refusal = new NonRetryableException("payload cannot be read as "
                        + handler.payloadType().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        if (refusal != null) {
            forget(seq);
            settle(stored, task, router.failed(stored, task, refusal, 0));
            return;
        }
        if (seq < 0) {
            inFlight.put(admittedSeq, ParkedTasks.encode(stored));
        }
        inFlightIds.add(task.getId());
        dispatcher.admit(new RunningTask(admittedSeq, stored, task, handler, payload,
                rateLimitsByType.computeIfAbsent(task.getType(), type -> rateLimits(handler, type))));
    }

    /** The limits a task of {@code type} waits for: those its handler declares and those configured for the type. */
    private Set<String> rateLimits(TaskHandler<?> handler, String type) {
        Set<String> names = new LinkedHashSet<>(handler.rateLimits());
        names.addAll(execution.rateLimits(type));
        return Collections.unmodifiableSet(names);
    }

    private Throwable refusal(Task task, TaskHandler<?> handler) {
        if (handler == null) {
            return new NonRetryableException("unknown task type '" + task.getType() + "' on queue "
                    + spec.name() + " (known: " + handlers.all().keySet() + ")");
        }
        if (task.getExpiresAt() != null && task.getExpiresAt().isBefore(clock.instant())) {
            return new NonRetryableException("expired at " + task.getExpiresAt());
        }
        return null;
    }

    @Override
    public void starting(RunningTask running) {
        Task task = running.task;
        running.deadline = AttemptDeadline.after(execution.timeout(task.getType()), clock);
        running.context = new EnvelopeContext(task, router.maxAttempts(task), codec, running.deadline);
        router.emit(TaskEvents.of(TaskEventType.STARTED, task, clock.instant(), worker).build());
        log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt()).log("task started");
        if (task.getAttempt() == 1) {
            // A delayed task has waited in the queue only since it fell due.
            Instant since = task.getRunAt() != null && task.getRunAt().isAfter(task.getEnqueuedAt())
                    ? task.getRunAt() : task.getEnqueuedAt();
            metrics.queueTime(spec.name(), task.getType(), clock.millis() - since.toEpochMilli());
        }
        metrics.inFlight(spec.name(), 1);
    }

    @Override
    public void finished(RunningTask running, Outcome outcome) {
        metrics.inFlight(spec.name(), -1);
        Task task = running.task;
        forget(running.seq);
        inFlightIds.remove(task.getId());
        if (outcome instanceof Outcome.Succeeded ok) {
            Throwable refused = router.succeeded(task, ok.durationMs(), running.context.stepResult());
            if (refused == null) {
                completed.put(task.getId(), clock.millis());
                settle(running.record, task, false);
            } else {
                settle(running.record, task, router.failed(running.record, task, refused, ok.durationMs()));
            }
        } else if (outcome instanceof Outcome.Failed failed) {
            settle(running.record, task, router.failed(running.record, task, failed.error(), failed.durationMs()));
        }
    }

    @Override
    public boolean parked(RunningTask running) {
        if (parking == null || !parking.blocks(running.task.getKey(), running.task.getId())) {
            return false;
        }
        inFlightIds.remove(running.task.getId());
        park(running.task, running.seq, running.record);
        forget(running.seq);
        return true;
    }

    /**
     * After an outcome: with {@code ordering=key}, a retrying task makes its key wait; a task that
     * succeeded or died lets the tasks parked behind it run, in order.
     */
    private void settle(Record<byte[], byte[]> record, Task task, boolean retrying) {
        if (parking == null) {
            return;
        }
        if (retrying) {
            parking.block(task.getKey(), task.getId());
            return;
        }
        List<KeyParking.Parked> released = parking.release(task.getKey(), task.getId());
        if (!released.isEmpty()) {
            log.atInfo().addKeyValue("queue", spec.name()).addKeyValue("taskId", task.getId())
                    .addKeyValue("released", released.size()).log("key released: its parked tasks run in order");
        }
        released.forEach(p -> accept(p.record(), -1));
    }

    private void park(Task task, long seq, Record<byte[], byte[]> stored) {
        parking.park(task.getKey(), seq, stored);
        String blocker = parking.blocker(task.getKey());
        router.emit(TaskEvents.of(TaskEventType.PARKED, task, clock.instant(), worker).setBlockedBy(blocker).build());
        log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("type", task.getType()).addKeyValue("blockedBy", blocker)
                .log("task parked: an earlier task of its key is retrying");
    }

    private void forget(long seq) {
        if (seq >= 0) {
            inFlight.delete(seq);
        }
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            int running = dispatcher.running();
            dispatcher.close();
            metrics.inFlight(spec.name(), -running);
        }
    }

    private void purgeCompleted(long now) {
        long cutoff = now - dedupWindow.toMillis();
        try (KeyValueIterator<String, Long> all = completed.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value != null && entry.value < cutoff) {
                    completed.delete(entry.key);
                }
            }
        }
    }
}
