package io.taskline.cli.bench;

import io.taskline.cli.EventReader;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.Durations;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Runs a real worker on a queue of its own for one scenario and measures it: throughput of a
 * backlog, end-to-end latency at a fixed publish rate, or the lateness of 5 s retries.
 *
 * <p>Usage: {@code new WorkerRuns(settings, 300, 1).throughput(Setup.of("exactly_once_v2", 6), BenchHandler.noop(), 10_000)}
 */
final class WorkerRuns {

    private static final Duration STALL = Duration.ofSeconds(60);
    /** The workers' state folders, one per worker, all under this one. */
    private final Path stateRoot;
    /** A paced run (and the raw latency baseline) first runs 1/n of its length at its rate, unrecorded. */
    static final int WARM_UP_SHARE = 10;

    private final KafkaClientSettings settings;
    private final String message;
    private final int threads;

    /**
     * Runs on the cluster of {@code settings} with payloads of {@code messageChars} characters, in
     * workers of {@code threads} stream threads.
     */
    WorkerRuns(KafkaClientSettings settings, int messageChars, int threads) throws IOException {
        this.settings = settings;
        this.message = "x".repeat(messageChars);
        this.threads = threads;
        this.stateRoot = Files.createTempDirectory("taskline-bench-state");
    }

    /** Deletes every worker's state folder; the runs are over. */
    void deleteState() {
        TempFolders.delete(stateRoot);
    }

    /**
     * How the worker is set up: its processing guarantee, the queue's partitions, how many distinct
     * keys the tasks have (0: one per task), and further worker keys ({@code Q} in a key stands for
     * the queue, e.g. {@code queue.Q.concurrency}).
     */
    record Setup(String guarantee, int partitions, int keys, Map<String, String> extra) {
        static Setup of(String guarantee, int partitions) {
            return new Setup(guarantee, partitions, 0, Map.of());
        }

        /** A copy with one more worker key. */
        Setup with(String key, String value) {
            Map<String, String> more = new HashMap<>(extra);
            more.put(key, value);
            return new Setup(guarantee, partitions, keys, Map.copyOf(more));
        }

        /** A copy whose tasks spread over {@code n} keys. */
        Setup keys(int n) {
            return new Setup(guarantee, partitions, n, extra);
        }
    }

    /** The size in bytes of one task record as the publisher writes it, read back from its queue. */
    int recordBytes() {
        String queue = queue(Setup.of("at_least_once", 1), "1m", 3);
        try (TaskPublisher publisher = publisher()) {
            bind(publisher, queue);
            publisher.publish(task(Setup.of("at_least_once", 1), queue, 0)).join();
        }
        Map<String, Object> props = settings.with(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition only = new TopicPartition(queue, 0);
            consumer.assign(List.of(only));
            consumer.seekToBeginning(List.of(only));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.value().length;
                }
            }
        }
        throw new IllegalStateException("could not read back the task published to " + queue);
    }

    /** Publishes {@code tasks} tasks, then starts a worker and waits until it has run them all. */
    BenchHandler throughput(Setup setup, BenchHandler handler, int tasks) throws Exception {
        return throughput(setup, handler, tasks, "1m", 3);
    }

    /** As {@link #throughput(Setup, BenchHandler, int)}, on a queue with these retry tiers and attempts. */
    BenchHandler throughput(Setup setup, BenchHandler handler, int tasks, String tiers, int attempts) throws Exception {
        String queue = queue(setup, tiers, attempts);
        try (TaskPublisher publisher = publisher()) {
            bind(publisher, queue);
            publishAll(publisher, setup, queue, 0, tasks);
        }
        try (Worker worker = worker(setup, queue, tiers, attempts, handler)) {
            awaitCompleted(handler, tasks);
        }
        return handler;
    }

    /**
     * The rate a whole workload runs at on this box: starts a worker, runs {@code tasks} tasks the
     * same way first (unmeasured, so the code of this load is compiled), then publishes
     * {@code tasks} more as fast as the publisher goes while the worker runs them, and divides by
     * the time from the first publish to the last successful end. Unlike a backlog published
     * first, the publishing, the retry relay and the broker's share of both are in it.
     */
    double endToEndCapacity(Setup setup, BenchHandler handler, int tasks, String tiers, int attempts)
            throws Exception {
        String queue = queue(setup, tiers, attempts);
        try (TaskPublisher publisher = publisher(); Worker worker = worker(setup, queue, tiers, attempts, handler)) {
            bind(publisher, queue);
            publishAll(publisher, setup, queue, tasks, 2 * tasks);
            awaitCompleted(handler, tasks);
            long start = System.nanoTime();
            publishAll(publisher, setup, queue, 0, tasks);
            awaitCompleted(handler, 2 * tasks);
            return tasks / ((handler.lastEndNanos() - start) / 1e9);
        }
    }

    /** Publishes tasks {@code from} (inclusive) to {@code to} as fast as the publisher goes and waits for their acks. */
    private void publishAll(TaskPublisher publisher, Setup setup, String queue, int from, int to) {
        Acknowledgements acks = new Acknowledgements(to - from);
        for (int i = from; i < to; i++) {
            acks.track(publisher.publish(task(setup, queue, i)));
        }
        acks.all().join();
    }

    /**
     * Starts two workers of one group on a queue, waits until each counts the other (for
     * cluster-scope rate limits), then publishes {@code tasks} tasks and waits until they ran.
     */
    BenchHandler twoWorkers(Setup setup, BenchHandler handler, int tasks) throws Exception {
        String queue = queue(setup, "1m", 3);
        try (TaskPublisher publisher = publisher(); Worker first = worker(setup, queue, "1m", 3, handler);
             Worker second = worker(setup, queue, "1m", 3, handler)) {
            bind(publisher, queue);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (first.liveWorkers() < 2 || second.liveWorkers() < 2 || !first.isReady() || !second.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the two workers did not see each other within 60 s");
                }
                Thread.sleep(50);
            }
            publishAll(publisher, setup, queue, 0, tasks);
            awaitCompleted(handler, tasks);
        }
        return handler;
    }

    /**
     * A paced run: its handler's records, the queue it ran on, and how long the worker took from
     * the first task's publish until it had run and committed it (before the clock started).
     */
    record PacedRun(BenchHandler handler, String queue, int warmUpTasks, Duration warmUp, double machineLoad) {
    }

    /** Something measured between two slices of a paced run, while the worker idles. */
    interface Between {
        void run() throws Exception;
    }

    /**
     * Starts a worker, warms it up at {@code rate} (see below), then publishes at {@code rate}
     * tasks/s for {@code length} and waits until every task succeeded.
     */
    PacedRun paced(Setup setup, BenchHandler handler, double rate, Duration length, String tiers, int attempts)
            throws Exception {
        return paced(setup, handler, rate, length, tiers, attempts, 1, () -> { });
    }

    /**
     * As {@link #paced(Setup, BenchHandler, double, Duration, String, int)}, in {@code slices}
     * equal slices: after each, once its tasks ran, {@code between} runs while the worker idles. A
     * baseline measured in between meets the same noisy moments of the machine as the worker.
     */
    PacedRun paced(Setup setup, BenchHandler handler, double rate, Duration length, String tiers, int attempts,
                   int slices, Between between) throws Exception {
        String queue = queue(setup, tiers, attempts);
        int total = (int) (rate * length.toMillis() / 1000.0);
        int warm = Math.max(1, (int) (rate * length.dividedBy(WARM_UP_SHARE).toMillis() / 1000.0));
        try (TaskPublisher publisher = publisher(); Worker worker = worker(setup, queue, tiers, attempts, handler)) {
            bind(publisher, queue);
            // The clock starts in steady state: the publisher's first send waits for the topic's
            // metadata, a new worker's first commit waits for its producer's first sends (seen at
            // 60-340 ms), and a load the JVMs have not run yet compiles code on both cores (JFR:
            // the broker's C2 compiled its fetch path for 1.4 s as a retry run began, and the first
            // tasks waited ~500 ms). So a tenth of the run's length goes first at the same rate,
            // unrecorded, and the clock starts once those tasks succeeded (retries included: the
            // measured window then holds only measured tasks) and were committed.
            long warmUpStart = System.nanoTime();
            handler.holdClock();
            publishPaced(publisher, setup, queue, rate, total, total + warm).join();
            awaitCompleted(handler, warm);
            awaitCommitted(queue + "-workers", queue);
            handler.startClock();
            Duration warmUp = Duration.ofNanos(System.nanoTime() - warmUpStart);
            int before = handler.completed();
            List<CompletableFuture<Void>> sent = new ArrayList<>(slices);
            MachineLoad load = MachineLoad.start();
            for (int slice = 0; slice < slices; slice++) {
                int from = (int) ((long) total * slice / slices);
                int to = (int) ((long) total * (slice + 1) / slices);
                sent.add(publishPaced(publisher, setup, queue, rate, from, to));
                if (slice < slices - 1) {
                    sent.get(slice).join();
                    awaitCompleted(handler, before + to);
                    load.pause();
                    between.run();
                    load.resume();
                }
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            awaitCompleted(handler, warm + total);
            return new PacedRun(handler, queue, warm, warmUp, load.stop());
        }
    }

    /** Publishes tasks {@code from} (inclusive) to {@code to} at {@code rate}; completes when all were acknowledged. */
    private CompletableFuture<Void> publishPaced(TaskPublisher publisher, Setup setup, String queue, double rate,
                                                 int from, int to) {
        RawKafka.Pacer pacer = new RawKafka.Pacer(rate);
        Acknowledgements acks = new Acknowledgements(to - from);
        for (int i = from; i < to; i++) {
            pacer.awaitTurn(i - from);
            acks.track(publisher.publish(task(setup, queue, i)));
        }
        return acks.all();
    }

    /** Start of attempt 2 minus its due time (from the RETRYING event), in ms, for every retried task of a run. */
    Latencies retryLateness(PacedRun run) {
        Map<String, Long> due = new HashMap<>();
        try (EventReader events = new EventReader(settings, run.queue())) {
            events.read(false, event -> {
                if (event.getEvent() == TaskEventType.RETRYING && event.getDueAt() != null) {
                    due.put(event.getTaskId(), event.getDueAt().toEpochMilli());
                }
            });
        }
        List<Double> lateness = new ArrayList<>();
        run.handler().secondAttemptStarts().forEach((id, started) -> {
            Long dueAt = due.get(id);
            if (dueAt != null) {
                lateness.add((double) (started - dueAt));
            }
        });
        return Latencies.of(lateness.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private String queue(Setup setup, String tiers, int attempts) {
        String queue = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            admin.ensure(QueueSpec.of(queue).withTiers(Durations.parseList(tiers)).withMaxAttempts(attempts),
                    OptionalInt.of(setup.partitions()));
        }
        return queue;
    }

    private TaskPublisher publisher() {
        return TaskPublisher.create(new TaskPublisherConfig(settings.asConfig()));
    }

    /** Records the payload schema for the bench type, as a worker does when it starts. */
    private static void bind(TaskPublisher publisher, String queue) {
        publisher.registry().register(Message.getClassSchema());
        publisher.registry().bindType(queue, "bench", Message.getClassSchema());
    }

    private TaskRequest task(Setup setup, String queue, int i) {
        return TaskRequest.to(queue).type("bench").key("k" + (setup.keys() > 0 ? i % setup.keys() : i)).payload(Message.newBuilder().setMessage(message).build())
                .build();
    }

    private Worker worker(Setup setup, String queue, String tiers, int attempts, BenchHandler handler)
            throws IOException, InterruptedException {
        Path state = Files.createTempDirectory(stateRoot, "worker");
        Map<String, Object> props = settings.asConfig();
        props.putAll(Map.of(
                WorkerConfig.QUEUES_CONFIG, queue,
                WorkerConfig.GROUP_CONFIG, queue + "-workers",
                WorkerConfig.STATE_DIR_CONFIG, state.toString(),
                WorkerConfig.PROCESSING_GUARANTEE_CONFIG, setup.guarantee(),
                WorkerConfig.queueKey(queue, WorkerConfig.TIERS_SUFFIX), tiers,
                WorkerConfig.queueKey(queue, WorkerConfig.MAX_ATTEMPTS_SUFFIX), Integer.toString(attempts)));
        props.put(WorkerConfig.THREADS_CONFIG, Integer.toString(threads));
        setup.extra().forEach((key, value) -> props.put(key.replace(".Q.", "." + queue + "."), value));
        Worker worker = Worker.builder(new WorkerConfig(props)).handler(queue, "bench", handler).build().start();
        try {
            worker.awaitRunning(Duration.ofSeconds(120));
        } catch (InterruptedException | RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /** Waits until {@code group} has committed an offset past the first record of one of {@code topic}'s partitions. */
    private void awaitCommitted(String group, String topic) throws Exception {
        Map<String, Object> props = settings.with(Map.of());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + STALL.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                boolean any = committed.entrySet().stream().anyMatch(e -> e.getKey().topic().equals(topic)
                        && e.getValue() != null && e.getValue().offset() > 0);
                if (any) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("worker group " + group + " committed nothing on " + topic
                            + " within " + STALL.toSeconds() + " s");
                }
                Thread.sleep(10);
            }
        }
    }

    /** Waits until {@code count} tasks succeeded; fails when none succeeds for {@link #STALL}. */
    private static void awaitCompleted(BenchHandler handler, int count) throws InterruptedException {
        awaitCount(handler::completed, count, "tasks");
    }

    /** Waits until {@code counter} reaches {@code count}; fails when it stops moving for {@link #STALL}. */
    private static void awaitCount(java.util.function.IntSupplier counter, int count, String what)
            throws InterruptedException {
        int seen = counter.getAsInt();
        long lastProgress = System.nanoTime();
        while (counter.getAsInt() < count) {
            if (counter.getAsInt() > seen) {
                seen = counter.getAsInt();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("worker ran " + seen + " of " + count + " " + what
                        + " and then none for " + STALL.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
