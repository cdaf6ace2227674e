package io.taskline.processors.internal;

import io.taskline.retry.BackoffPolicy;
import io.taskline.retry.NonRetryableException;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.RetryDecision;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.StepResult;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.TaskPartitionKey;
import io.taskline.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes where an attempt's outcome goes, on the stream thread: a success to the events (and the
 * chain's next step), a failure to its tier or the DLQ with the failure added to the envelope.
 * Under exactly-once these records commit with the store changes of the same outcome.
 */
final class OutcomeRouter {

    /** Lifecycle lines keep one logger name, the task step's, whichever class writes them. */
    private static final Logger log = LoggerFactory.getLogger(TaskProcessor.class);

    private final QueueSpec spec;
    private final RecordCodec codec;
    private final Clock clock;
    private final String worker;
    private final NodeNames names;
    private final TaskMetrics metrics;
    private final BackoffPolicy backoff;
    private final ProcessorContext<byte[], byte[]> context;
    private final RecordLimit limit;

    OutcomeRouter(QueueSpec spec, RecordCodec codec, Clock clock, String worker, TaskMetrics metrics,
                  ProcessorContext<byte[], byte[]> context) {
        this.spec = spec;
        this.codec = codec;
        this.clock = clock;
        this.worker = worker;
        this.names = new NodeNames(spec.name());
        this.metrics = metrics;
        this.backoff = new BackoffPolicy(clock);
        this.context = context;
        this.limit = RecordLimit.from(context.appConfigs());
    }

    /**
     * Records a success: event, metrics, log, and the chain's next step if any. Returns null, or
     * why the success cannot be recorded: the next step would not fit in a record (a large
     * result), which makes the attempt a failure that is not retried.
     */
    Throwable succeeded(Task task, long durationMs, StepResult result) {
        NextStep next = task.getChain().isEmpty() ? null : nextStep(task, result);
        if (next != null && !limit.fits(next.record())) {
            return new NonRetryableException("the next step of the chain would be " + limit.sizeOf(next.record())
                    + " bytes with this step's result, over the " + limit.maxBytes()
                    + " bytes a record may have (kafka.max.request.size)");
        }
        metrics.outcome(spec.name(), task.getType(), TaskMetrics.SUCCEEDED);
        metrics.duration(spec.name(), task.getType(), durationMs);
        log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                .addKeyValue("durationMs", durationMs).log("task succeeded");
        emit(TaskEvents.of(TaskEventType.SUCCEEDED, task, clock.instant(), worker).setDurationMs(durationMs).build());
        if (next != null) {
            forwardNextStep(task, next);
        }
        return null;
    }

    /**
     * Routes a failed attempt of {@code task} (read as {@code record}) to its next tier or the DLQ;
     * returns true when it went to a tier.
     */
    boolean failed(Record<byte[], byte[]> record, Task task, Throwable error, long durationMs) {
        Instant now = clock.instant();
        RetryDecision decision = backoff.decide(spec, task.getAttempt(), task.getMaxAttempts(), error);
        Task failed = Task.newBuilder(task).build();
        if (durationMs > 0) {
            metrics.duration(spec.name(), task.getType(), durationMs);
        }
        failed.getFailures().add(Failures.of(task.getAttempt(), now, worker, error));
        if (decision instanceof RetryDecision.RetryIn retry) {
            failed.setAttempt(task.getAttempt() + 1);
            Headers headers = OutHeaders.carried(record.headers());
            OutHeaders.put(headers, TaskHeaders.DUE_AT, Long.toString(retry.dueAt().toEpochMilli()));
            Record<byte[], byte[]> retried = fitted(record.withHeaders(headers), failed);
            if (retried == null) {
                return deadLetterAsRead(record, task, error, durationMs, now);
            }
            metrics.outcome(spec.name(), task.getType(), TaskMetrics.RETRIED);
            context.forward(retried, names.tierSink(retry.tier()));
            // The error's class only: handler messages may quote the payload. The DLQ keeps the whole failure.
            log.atInfo().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                    .addKeyValue("error", error.getClass().getName()).addKeyValue("tier", spec.topics().tier(retry.tier()))
                    .addKeyValue("dueAt", retry.dueAt()).log("task failed; retrying");
            emit(TaskEvents.withError(TaskEvents.of(TaskEventType.RETRYING, task, now, worker), error)
                    .setTier(io.taskline.retry.Durations.format(retry.tier())).setDueAt(retry.dueAt())
                    .setDurationMs(durationMs).build());
            return true;
        }
        RetryDecision.DeadLetter dead = (RetryDecision.DeadLetter) decision;
        // The record carries where it was read (origin headers set when it was admitted).
        Headers headers = OutHeaders.deadLetter(record.headers(), dead.reason(), null);
        // Not remembered as completed: a replay of this dead letter keeps its id and must run.
        Record<byte[], byte[]> letter = fitted(record.withHeaders(headers), failed);
        if (letter == null) {
            return deadLetterAsRead(record, task, error, durationMs, now);
        }
        metrics.outcome(spec.name(), task.getType(), TaskMetrics.DEAD);
        metrics.deadLetter(spec.name(), task.getType());
        context.forward(letter, names.dlqSink());
        // Not dead.reason(): for a non-retryable error it carries the handler's message, which may quote the payload.
        log.atWarn().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                .addKeyValue("maxAttempts", maxAttempts(task)).addKeyValue("error", error.getClass().getName())
                .addKeyValue("dlq", spec.topics().dlq()).log("task failed; dead letter");
        emit(TaskEvents.withError(TaskEvents.of(TaskEventType.DEAD, task, now, worker), error)
                .setDurationMs(durationMs).build());
        return false;
    }

    /**
     * {@code record} carrying {@code failed}, its failure history cut down (FailureHistory) when
     * the whole of it would not fit in a record; null when even the cut-down one does not.
     */
    private Record<byte[], byte[]> fitted(Record<byte[], byte[]> record, Task failed) {
        Record<byte[], byte[]> whole = record.withValue(codec.encode(failed));
        if (limit.fits(whole)) {
            return whole;
        }
        Task cut = FailureHistory.fit(failed, t -> limit.sizeOf(record.withValue(codec.encode(t))), limit.maxBytes());
        Record<byte[], byte[]> smaller = record.withValue(codec.encode(cut));
        log.atWarn().addKeyValue("taskId", failed.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("bytes", limit.sizeOf(whole)).addKeyValue("maxRequestSize", limit.maxBytes())
                .addKeyValue("failuresKept", cut.getFailures().size())
                .log("failure history cut down: the task with all of it would not fit in a record");
        return limit.fits(smaller) ? smaller : null;
    }

    /**
     * The last resort for a task too large to travel with even one failure: the record as it was
     * read goes to the DLQ, its failure in the dead-letter reason.
     */
    private boolean deadLetterAsRead(Record<byte[], byte[]> record, Task task, Throwable error, long durationMs,
                                     Instant now) {
        String reason = "too large to forward with its failure (over the " + limit.maxBytes()
                + " bytes a record may have); attempt " + task.getAttempt() + " failed with " + error.getClass().getName();
        metrics.outcome(spec.name(), task.getType(), TaskMetrics.DEAD);
        metrics.deadLetter(spec.name(), task.getType());
        context.forward(record.withHeaders(OutHeaders.deadLetter(record.headers(), reason, null)), names.dlqSink());
        log.atWarn().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                .addKeyValue("type", task.getType()).addKeyValue("attempt", task.getAttempt())
                .addKeyValue("error", error.getClass().getName()).addKeyValue("dlq", spec.topics().dlq())
                .log("task failed; dead letter as read: too large to forward with its failure");
        emit(TaskEvents.withError(TaskEvents.of(TaskEventType.DEAD, task, now, worker), error)
                .setDurationMs(durationMs).build());
        return false;
    }

    /**
     * Writes a lifecycle event, and a batch member's event once more for the batch tracker, keyed
     * by batch id, in the same commit. (Reading every event back from {@code taskline.events} to
     * find the members' ones measured as p99 start latencies of 509/667 ms against 68/110 ms
     * without, alternating runs of the bench's latency-alo scenario.)
     */
    void emit(TaskEvent event) {
        Record<byte[], byte[]> record = TaskEvents.record(event, codec, clock.millis());
        context.forward(record, names.eventsSink());
        if (event.getBatchId() != null && BatchMember.of(event.getEvent()).isPresent()) {
            context.forward(record.withKey(event.getBatchId().getBytes(StandardCharsets.UTF_8))
                    .withHeaders(new RecordHeaders(record.headers().toArray())), names.batchEventsSink());
        }
    }

    /** The attempts {@code task} gets in all. */
    int maxAttempts(Task task) {
        return task.getMaxAttempts() != null && task.getMaxAttempts() > 0 ? task.getMaxAttempts() : spec.maxAttempts();
    }

    /** The next step of a chain and the record that publishes it to its queue. */
    private record NextStep(Task task, Record<byte[], byte[]> record) {
    }

    /**
     * The next step of {@code task}'s chain, carrying the rest of the chain and {@code result};
     * null (and an ERROR line) when it cannot be read.
     */
    private NextStep nextStep(Task task, StepResult result) {
        Instant now = clock.instant();
        List<ByteBuffer> chain = task.getChain();
        Task next;
        try {
            next = codec.decode(bytes(chain.get(0)), Task.class);
        } catch (UndecodableRecordException e) {
            log.atError().addKeyValue("taskId", task.getId()).addKeyValue("queue", spec.name())
                    .addKeyValue("reason", e.getMessage()).log("the next step of the chain cannot be read; chain stops");
            return null;
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
        return new NextStep(next, new Record<>(TaskPartitionKey.of(next), codec.encode(next), now.toEpochMilli(), headers));
    }

    /**
     * Publishes the next step of {@code task}'s chain to its queue; it commits with this step's
     * success, so a crash neither skips nor repeats a link.
     */
    private void forwardNextStep(Task task, NextStep next) {
        context.forward(next.record(), names.chainSink());
        emit(TaskEvents.of(TaskEventType.ENQUEUED, next.task(), next.task().getEnqueuedAt(), worker).build());
        log.atInfo().addKeyValue("taskId", next.task().getId()).addKeyValue("queue", next.task().getQueue())
                .addKeyValue("type", next.task().getType()).addKeyValue("parentId", task.getId())
                .log("next step of the chain enqueued");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
