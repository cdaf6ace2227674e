package io.taskline.processors.internal;

import io.taskline.processors.HandlerRegistry;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.BackoffPolicy;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.RetryDecision;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.StepResult;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's worker step: decode the task, skip it if it already succeeded, run its handler,
 * and route the outcome (succeeded, a tier, or the DLQ) with a lifecycle event. Under
 * exactly-once, the store update, the routed record and the offset commit together.
 */
public final class TaskProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(TaskProcessor.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final QueueSpec spec;
    private final HandlerRegistry handlers;
    private final RecordCodec codec;
    private final TaskExecutor executor;
    private final BackoffPolicy backoff;
    private final Clock clock;
    private final String worker;
    private final Duration dedupWindow;
    private final NodeNames names;
    private final TaskMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> completed;

    /** Creates the step for one queue. */
    public TaskProcessor(QueueSpec spec, HandlerRegistry handlers, RecordCodec codec, TaskExecutor executor,
                         Clock clock, String worker, Duration dedupWindow, TaskMetrics metrics) {
        this.spec = spec;
        this.handlers = handlers;
        this.codec = codec;
        this.executor = executor;
        this.backoff = new BackoffPolicy(clock);
        this.clock = clock;
        this.worker = worker;
        this.dedupWindow = dedupWindow;
        this.names = new NodeNames(spec.name());
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.completed = ctx.getStateStore(names.completedStore());
        ctx.schedule(PURGE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::purgeCompleted);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Task task;
        try {
            task = codec.decode(record.value(), Task.class);
        } catch (UndecodableRecordException e) {
            log.atWarn().addKeyValue("queue", spec.name()).addKeyValue("record", origin())
                    .addKeyValue("dlq", spec.topics().dlq()).addKeyValue("reason", e.getMessage())
                    .log("undecodable record goes to the dead-letter topic");
            Headers headers = OutHeaders.deadLetter(record.headers(), "undecodable: " + e.getMessage(), metadata());
            OutHeaders.put(headers, TaskHeaders.UNDECODABLE, "true");
            context.forward(record.withHeaders(headers), names.dlqSink());
            metrics.outcome(spec.name(), "<undecodable>", TaskMetrics.UNDECODABLE);
            return;
        }
        if (completed.get(task.getId()) != null) {
            log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                    .log("task skipped: already completed");
            return;
        }
        Optional<TaskHandler<?>> handler = handlers.handler(task.getType());
        if (handler.isEmpty()) {
            fail(record, task, new NonRetryableException("unknown task type '" + task.getType() + "' on queue "
                    + spec.name() + " (known: " + handlers.all().keySet() + ")"), 0);
            return;
        }
        if (task.getExpiresAt() != null && task.getExpiresAt().isBefore(clock.instant())) {
            fail(record, task, new NonRetryableException("expired at " + task.getExpiresAt()), 0);
            return;
        }
        run(record, task, handler.get());
    }

    private <P> void run(Record<byte[], byte[]> record, Task task, TaskHandler<P> handler) {
        emit(record, TaskEvents.of(TaskEventType.STARTED, task, clock.instant(), worker).build());
        log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt()).log("task started");
        if (task.getAttempt() == 1) {
            // A delayed task has waited in the queue only since it fell due.
            Instant since = task.getRunAt() != null && task.getRunAt().isAfter(task.getEnqueuedAt())
                    ? task.getRunAt() : task.getEnqueuedAt();
            metrics.queueTime(spec.name(), task.getType(), clock.millis() - since.toEpochMilli());
        }
        P payload;
        try {
            payload = codec.decode(task.getPayload().array(), handler.payloadType());
        } catch (UndecodableRecordException e) {
            fail(record, task, new NonRetryableException("payload cannot be read as "
                    + handler.payloadType().getSimpleName() + ": " + e.getMessage(), e), 0);
            return;
        }
        metrics.inFlight(spec.name(), 1);
        Outcome outcome;
        EnvelopeContext taskContext = new EnvelopeContext(task, maxAttempts(task), codec);
        try {
            outcome = executor.execute(handler, payload, taskContext);
        } finally {
            metrics.inFlight(spec.name(), -1);
        }
        if (outcome instanceof Outcome.Succeeded ok) {
            completed.put(task.getId(), clock.millis());
            metrics.outcome(spec.name(), task.getType(), TaskMetrics.SUCCEEDED);
            metrics.duration(spec.name(), task.getType(), ok.durationMs());
            log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                    .addKeyValue("durationMs", ok.durationMs()).log("task succeeded");
            emit(record, TaskEvents.of(TaskEventType.SUCCEEDED, task, clock.instant(), worker)
                    .setDurationMs(ok.durationMs()).build());
            if (!task.getChain().isEmpty()) {
                forwardNextStep(record, task, taskContext.stepResult());
            }
        } else if (outcome instanceof Outcome.Failed failed) {
            fail(record, task, failed.error(), failed.durationMs());
        }
    }

    /**
     * Publishes the next step of {@code task}'s chain to its queue, carrying the rest of the chain
     * and {@code result}; it commits with this step's success, so a crash neither skips nor
     * repeats a link.
     */
    private void forwardNextStep(Record<byte[], byte[]> record, Task task, StepResult result) {
        Instant now = clock.instant();
        List<ByteBuffer> chain = task.getChain();
        Task next;
        try {
            next = codec.decode(bytes(chain.get(0)), Task.class);
        } catch (UndecodableRecordException e) {
            log.atError().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("reason", e.getMessage()).log("the next step of the chain cannot be read; chain stops");
            return;
        }
        next = Task.newBuilder(next)
                .setChain(new ArrayList<>(chain.subList(1, chain.size())))
                .setParentId(task.getId())
                .setWorkflowId(task.getWorkflowId() != null ? task.getWorkflowId() : task.getId())
                .setParentResult(result)
                .setEnqueuedAt(now)
                .build();
        Headers headers = new RecordHeaders();
        OutHeaders.put(headers, TaskHeaders.TASK_ID, next.getId());
        OutHeaders.put(headers, TaskHeaders.TYPE, next.getType());
        OutHeaders.put(headers, TaskHeaders.QUEUE, next.getQueue());
        byte[] key = next.getKey() == null ? null : next.getKey().getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, codec.encode(next), now.toEpochMilli(), headers), names.chainSink());
        emit(record, TaskEvents.of(TaskEventType.ENQUEUED, next, now, worker).build());
        log.atInfo().addKeyValue("taskId", next.getId()).addKeyValue("queue", next.getQueue())
                .addKeyValue("type", next.getType()).addKeyValue("parentId", task.getId())
                .log("next step of the chain enqueued");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private void fail(Record<byte[], byte[]> record, Task task, Throwable error, long durationMs) {
        Instant now = clock.instant();
        RetryDecision decision = backoff.decide(spec, task.getAttempt(), task.getMaxAttempts(), error);
        Task failed = Task.newBuilder(task).build();
        metrics.outcome(spec.name(), task.getType(),
                decision instanceof RetryDecision.RetryIn ? TaskMetrics.RETRIED : TaskMetrics.DEAD);
        if (durationMs > 0) {
            metrics.duration(spec.name(), task.getType(), durationMs);
        }
        failed.getFailures().add(Failures.of(task.getAttempt(), now, worker, error));
        if (decision instanceof RetryDecision.RetryIn retry) {
            failed.setAttempt(task.getAttempt() + 1);
            Headers headers = OutHeaders.carried(record.headers());
            OutHeaders.put(headers, TaskHeaders.DUE_AT, Long.toString(retry.dueAt().toEpochMilli()));
            context.forward(record.withValue(codec.encode(failed)).withHeaders(headers), names.tierSink(retry.tier()));
            // The error's class only: handler messages may quote the payload. The DLQ keeps the whole failure.
            log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                    .addKeyValue("error", error.getClass().getName()).addKeyValue("tier", spec.topics().tier(retry.tier()))
                    .addKeyValue("dueAt", retry.dueAt()).log("task failed; retrying");
            emit(record, TaskEvents.withError(TaskEvents.of(TaskEventType.RETRYING, task, now, worker), error)
                    .setTier(io.taskline.retry.Durations.format(retry.tier())).setDueAt(retry.dueAt())
                    .setDurationMs(durationMs).build());
        } else if (decision instanceof RetryDecision.DeadLetter dead) {
            Headers headers = OutHeaders.deadLetter(record.headers(), dead.reason(), metadata());
            metrics.deadLetter(spec.name(), task.getType());
            // Not remembered as completed: a replay of this dead letter keeps its id and must run.
            context.forward(record.withValue(codec.encode(failed)).withHeaders(headers), names.dlqSink());
            // Not dead.reason(): for a non-retryable error it carries the handler's message, which may quote the payload.
            log.atWarn().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                    .addKeyValue("maxAttempts", maxAttempts(task)).addKeyValue("error", error.getClass().getName())
                    .addKeyValue("dlq", spec.topics().dlq()).log("task failed; dead letter");
            emit(record, TaskEvents.withError(TaskEvents.of(TaskEventType.DEAD, task, now, worker), error)
                    .setDurationMs(durationMs).build());
        }
    }

    private int maxAttempts(Task task) {
        return task.getMaxAttempts() != null && task.getMaxAttempts() > 0 ? task.getMaxAttempts() : spec.maxAttempts();
    }

    private void emit(Record<byte[], byte[]> cause, io.taskline.schemas.TaskEvent event) {
        context.forward(TaskEvents.record(event, codec, clock.millis()), names.eventsSink());
    }

    /** Where the record was read, or null for a delayed task fired by a punctuator (no topic). */
    private RecordMetadata metadata() {
        return context.recordMetadata().filter(m -> m.topic() != null).orElse(null);
    }

    private String origin() {
        RecordMetadata m = metadata();
        return m == null ? spec.name() : m.topic() + "-" + m.partition() + "@" + m.offset();
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
