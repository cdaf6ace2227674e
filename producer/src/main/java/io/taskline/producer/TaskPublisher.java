package io.taskline.producer;

import io.taskline.producer.internal.BatchRecords;
import io.taskline.producer.internal.PayloadValidator;
import io.taskline.producer.internal.QueueDirectory;
import io.taskline.producer.internal.TaskEnvelopes;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.IncompatibleSchemaException;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.TaskHeaders;
import io.taskline.schemas.TaskPartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes tasks to queues with an idempotent Kafka producer. Every task is validated before
 * anything is sent: the queue must exist, the payload must fit its schema (and the schema bound
 * to its type), the schema must be compatible with earlier ones, the task must fit in a record,
 * and a delayed task must be due within {@link RunTime#MAX_AHEAD} and before it expires.
 *
 * <p>Usage:
 * <pre>{@code
 * try (TaskPublisher publisher = TaskPublisher.create(new TaskPublisherConfig(props))) {
 *     String id = publisher.publish(TaskRequest.to("emails").type("welcome-email").payload(p).build()).join().id();
 * }
 * }</pre>
 */
public final class TaskPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskPublisher.class);
    private static final Duration BATCH_RECORD_TIMEOUT = Duration.ofSeconds(60);

    private final SchemaRegistry registry;
    private final RecordCodec codec;
    private final QueueDirectory queues;
    private final KafkaProducer<byte[], byte[]> producer;
    private final int maxTaskBytes;
    private final Clock clock;
    private final java.util.Set<String> checkedTypes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final KafkaClientSettings settings;
    private volatile boolean batchTopicsReady;

    private TaskPublisher(TaskPublisherConfig config, Clock clock) {
        this.settings = config.kafka();
        this.registry = KafkaSchemaRegistry.connect(settings);
        this.codec = new SingleObjectCodec(registry);
        this.queues = new QueueDirectory(settings);
        this.maxTaskBytes = config.getInt(TaskPublisherConfig.MAX_TASK_BYTES_CONFIG);
        this.clock = clock;
        this.producer = new KafkaProducer<>(settings.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Connects a publisher; throws {@code ConfigException} for bad settings. */
    public static TaskPublisher create(TaskPublisherConfig config) {
        return new TaskPublisher(config, Clock.systemUTC());
    }

    /** Connects a publisher that stamps tasks with {@code clock}. */
    public static TaskPublisher create(TaskPublisherConfig config, Clock clock) {
        return new TaskPublisher(config, clock);
    }

    /**
     * Validates and sends one task. The future completes when Kafka has the task, or fails (a
     * {@code TimeoutException} after {@code kafka.delivery.timeout.ms}, 120 s, while Kafka is
     * away): a failed future means the task was not published. The call itself returns at once
     * unless the client does not know the queue's partitions (a new queue, or after Kafka went
     * away) or its send buffer ({@code kafka.buffer.memory}) is full; then it waits up to
     * {@code kafka.max.block.ms} (60 s).
     *
     * @throws InvalidTaskException before anything is sent, when the task is refused
     */
    public CompletableFuture<PublishedTask> publish(TaskRequest request) {
        return send(prepare(request));
    }

    /**
     * Validates every task first, then sends them all: one invalid task means none is sent.
     *
     * @throws InvalidTaskException naming the index (0-based) of the first refused task
     */
    public List<CompletableFuture<PublishedTask>> publishAll(List<TaskRequest> requests) {
        List<Prepared> records = prepareAll(requests, null);
        List<CompletableFuture<PublishedTask>> futures = new ArrayList<>();
        records.forEach(r -> futures.add(send(r)));
        return futures;
    }

    /**
     * Publishes {@code tasks} as one batch with a new batch id; see {@link #batch(String, List, TaskRequest.Builder)}.
     *
     * <p>Usage: {@code publisher.batch(reports, TaskRequest.to("reports").type("reports-done")).join().batchId()}
     */
    public CompletableFuture<PublishedBatch> batch(List<TaskRequest> tasks, TaskRequest.Builder onComplete) {
        return batch(UUID.randomUUID().toString(), tasks, onComplete);
    }

    /**
     * Publishes {@code tasks} as batch {@code batchId}: validates every member and the callback
     * first (one invalid task means nothing is sent), records the batch (its size and the
     * callback, as a prepared envelope) on {@code taskline.batches} and waits for that to be
     * acknowledged, then sends the members, each carrying the batch id. Once every member has
     * succeeded or died, the worker serving the callback's queue publishes the callback once; its
     * payload is the batch's {@link io.taskline.schemas.BatchSummary}, set here on {@code onComplete}
     * (so its type's handler takes {@code BatchSummary}). Publishing the same batch id and member
     * ids again after a failure is safe: the batch keeps its first record and members run once.
     *
     * @return completes when every member is acknowledged; fails with {@link BatchIncompleteException}
     *     naming the batch id and the members not sent, to publish again, when some could not be sent
     * @throws InvalidTaskException before anything is sent: a bad batch id, no tasks, two members
     *     with one id, a delayed callback, or a task refused as {@link #publish} would (naming its index)
     */
    public CompletableFuture<PublishedBatch> batch(String batchId, List<TaskRequest> tasks,
                                                   TaskRequest.Builder onComplete) {
        BatchRecords.requireValidId(batchId);
        if (tasks.isEmpty()) {
            throw new InvalidTaskException("a batch needs at least one task");
        }
        TaskRequest callbackRequest = onComplete.payload(BatchRecords.placeholder(batchId, tasks.size())).build();
        if (callbackRequest.runTime().isDelayed()) {
            throw new InvalidTaskException("a batch callback runs when the batch completes; it cannot be delayed");
        }
        Prepared callback = prepare(callbackRequest, null);
        List<Prepared> members = prepareAll(tasks, batchId);
        BatchRecords.requireDistinct(members.stream().map(Prepared::id).toList());
        ensureBatchTopics();
        try {
            producer.send(BatchRecords.definition(batchId, members.size(), callback.task(), callback.record().value(),
                    clock.instant(), codec)).get(BATCH_RECORD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not record batch " + batchId + " on " + SystemTopics.BATCHES
                    + "; no member was sent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted recording batch " + batchId, e);
        }
        List<CompletableFuture<PublishedTask>> sent = members.stream().map(this::send).toList();
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            if (error == null) {
                return new PublishedBatch(batchId, callback.id(), sent.stream().map(CompletableFuture::join).toList());
            }
            List<String> unsent = new ArrayList<>();
            Throwable first = null;
            for (int i = 0; i < sent.size(); i++) {
                if (sent.get(i).isCompletedExceptionally()) {
                    unsent.add(members.get(i).id());
                    if (first == null) {
                        first = sent.get(i).handle((ok, e) -> e).join();
                    }
                }
            }
            throw new BatchIncompleteException(batchId, unsent, members.size(),
                    first instanceof CompletionException && first.getCause() != null ? first.getCause() : first);
        });
    }

    /**
     * Returns when {@code queue} is a queue that exists; throws {@link InvalidTaskException}
     * suggesting {@code taskline topics create} otherwise.
     */
    public void requireQueue(String queue) {
        queues.requireExists(queue);
    }

    /** The schema registry this publisher writes to, e.g. to look up a type's payload schema. */
    public SchemaRegistry registry() {
        return registry;
    }

    /** Waits until every sent task is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        queues.close();
        registry.close();
    }

    /** A validated record ready to send, when its task is due, its ENQUEUED event and its envelope. */
    private record Prepared(ProducerRecord<byte[], byte[]> record, String id, Instant runAt, TaskEvent enqueued,
                            Task task) {
    }

    private List<Prepared> prepareAll(List<TaskRequest> requests, String batchId) {
        List<Prepared> records = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                records.add(prepare(requests.get(i), batchId));
            } catch (InvalidTaskException e) {
                throw new InvalidTaskException(i, e);
            }
        }
        return records;
    }

    /** Creates the batch topics the first time a batch is published, when no worker has yet. */
    private void ensureBatchTopics() {
        if (!batchTopicsReady) {
            try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
                BatchTopics.ensure(admin);
            }
            batchTopicsReady = true;
        }    }

    private Prepared prepare(TaskRequest request) {
        return prepare(request, null);
    }

    private Prepared prepare(TaskRequest request, String batchId) {
        queues.requireExists(request.queue());
        Instant now = clock.instant();
        Instant runAt = request.runTime().dueAt(now);
        if (runAt != null && request.expiresAt() != null && !request.expiresAt().isAfter(runAt)) {
            throw new InvalidTaskException("task of type " + request.type() + " expires at " + request.expiresAt()
                    + ", not after it is due at " + runAt);
        }
        PayloadValidator.requireValid(request.type(), request.payload());
        Schema schema = request.payload().getSchema();
        // Checked once per (queue, type, payload schema name) and publisher: a lookup reads the schema topic.
        if (checkedTypes.add(request.queue() + ":" + request.type() + ":" + schema.getFullName())) {
            registry.typeSchema(request.queue(), request.type())
                    .filter(bound -> !bound.getFullName().equals(schema.getFullName()))
                    .ifPresent(bound -> {
                        checkedTypes.remove(request.queue() + ":" + request.type() + ":" + schema.getFullName());
                        throw new InvalidTaskException("type " + request.type() + " on queue " + request.queue()
                                + " takes " + bound.getFullName() + ", got " + schema.getFullName());
                    });
        }
        byte[] payload;
        byte[] value;
        Task task;
        try {
            payload = codec.encode(request.payload());
            task = TaskEnvelopes.of(request, payload, now, runAt);
            task.setBatchId(batchId);
            value = codec.encode(task);
        } catch (IncompatibleSchemaException e) {
            throw new InvalidTaskException(e.getMessage(), e);
        }
        if (value.length > maxTaskBytes) {
            throw new InvalidTaskException("task of type " + request.type() + " is " + value.length
                    + " bytes, over the limit of " + maxTaskBytes + " (" + TaskPublisherConfig.MAX_TASK_BYTES_CONFIG + ")");
        }
        ProducerRecord<byte[], byte[]> record = record(task, value);
        TaskEvent enqueued = TaskEvent.newBuilder().setTaskId(task.getId()).setQueue(task.getQueue())
                .setType(task.getType()).setKey(task.getKey()).setEvent(TaskEventType.ENQUEUED).setAttempt(1)
                .setAt(now).setDueAt(runAt).setBatchId(batchId).build();
        return new Prepared(record, task.getId(), runAt, enqueued, task);
    }

    /** The queue record of an encoded envelope: keyed by the task's key (else its id), with its id and type in headers. */
    private static ProducerRecord<byte[], byte[]> record(Task task, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(task.getQueue(), null, TaskPartitionKey.of(task), value);
        record.headers().add(new RecordHeader(TaskHeaders.TASK_ID, task.getId().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(TaskHeaders.TYPE, task.getType().getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /**
     * Publishes a chain: the first step now, each later step only when the one before it
     * succeeds (the worker publishes it in the transaction that records the success). Every step
     * is validated first; a refused step means nothing is sent. Only the first step may be delayed.
     *
     * @throws InvalidTaskException naming the index (0-based) of the first refused step
     */
    public CompletableFuture<PublishedChain> chain(List<TaskRequest> steps) {
        if (steps.isEmpty()) {
            throw new InvalidTaskException("a chain needs at least one step");
        }
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            try {
                if (i > 0 && steps.get(i).runTime().dueAt(clock.instant()) != null) {
                    throw new InvalidTaskException("only the first step of a chain can be delayed");
                }
                prepared.add(prepare(steps.get(i)));
            } catch (InvalidTaskException e) {
                throw new InvalidTaskException(i, e);
            }
        }
        Prepared first = prepared.get(0);
        String workflowId = first.id();
        List<ByteBuffer> later = new ArrayList<>();
        for (Prepared step : prepared.subList(1, prepared.size())) {
            Task envelope = Task.newBuilder(step.task()).setWorkflowId(workflowId).build();
            later.add(ByteBuffer.wrap(codec.encode(envelope)));
        }
        Task head = Task.newBuilder(first.task()).setWorkflowId(workflowId).setChain(later).build();
        byte[] value = codec.encode(head);
        if (value.length > maxTaskBytes) {
            throw new InvalidTaskException("the chain's first step carries every later step and is " + value.length
                    + " bytes, over the limit of " + maxTaskBytes + " (" + TaskPublisherConfig.MAX_TASK_BYTES_CONFIG + ")");
        }
        List<String> ids = prepared.stream().map(Prepared::id).toList();
        return send(new Prepared(record(head, value), first.id(), first.runAt(), first.enqueued(), head))
                .thenApply(task -> new PublishedChain(workflowId, ids, task));
    }

    /**
     * Records that a task was enqueued on {@code taskline.events}, for {@code taskline task status};
     * best effort (the task is what counts) and skipped while the topic does not exist yet.
     */
    private void sendEvent(TaskEvent event) {
        if (!queues.exists(SystemTopics.EVENTS)) {
            return;
        }
        producer.send(new ProducerRecord<>(SystemTopics.EVENTS, event.getTaskId().getBytes(StandardCharsets.UTF_8),
                codec.encode(event)), (metadata, error) -> {
                    if (error != null) {
                        log.debug("could not record task {} as enqueued: {}", event.getTaskId(), error.toString());
                    }
                });
    }

    private CompletableFuture<PublishedTask> send(Prepared prepared) {
        CompletableFuture<PublishedTask> future = new CompletableFuture<>();
        producer.send(prepared.record(), (metadata, error) -> {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(new PublishedTask(prepared.id(), metadata.topic(), metadata.partition(),
                        metadata.offset(), prepared.runAt()));
            }
        });
        // A delayed task is recorded as enqueued (with its due time) by the worker that parks it.
        if (prepared.runAt() == null) {
            sendEvent(prepared.enqueued());
        }
        return future;
    }
}
