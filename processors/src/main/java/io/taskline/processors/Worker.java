package io.taskline.processors;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskline.processors.internal.HandlerLoader;
import io.taskline.processors.internal.KafkaReachability;
import io.taskline.processors.internal.MicrometerTaskMetrics;
import io.taskline.processors.internal.NodeNames;
import io.taskline.processors.internal.WorkerEndpoints;
import io.taskline.processors.internal.RateLimits;
import io.taskline.processors.internal.TaskEngine;
import io.taskline.processors.internal.UnknownKeys;
import io.taskline.processors.internal.WorkerCount;
import io.taskline.processors.internal.WorkerIdentity;
import io.taskline.producer.BatchTopics;
import io.taskline.producer.ScheduleClient;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.retry.RetryRelay;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process: creates its queues' topics, binds its task types to their payload schemas,
 * then runs the task topology on Kafka Streams and a retry relay per queue.
 *
 * <p>Usage:
 * <pre>{@code
 * try (Worker worker = Worker.builder(new WorkerConfig(props)).handler("emails", "welcome", h).build().start()) {
 *     worker.awaitRunning(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REACHABILITY_CHECK = Duration.ofSeconds(2);
    private static final Duration WORKER_COUNT_CHECK = Duration.ofSeconds(5);
    private static final Duration EVENTS_RETENTION = Duration.ofDays(7);
    private static final int EVENTS_PARTITIONS = 3;
    /** How long an exactly-once transaction may stay open before the broker aborts it. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(2);
    private static final String GLOBAL_PROCESSING_EXCEPTIONS = "processing.exception.handler.global.enabled";
    /** The stream threads' producer retry backoff unless configured (the client default is 100 ms). */
    static final int TRANSACTION_RETRY_BACKOFF_MS = 10;

    private final WorkerConfig config;
    private final List<QueueBinding> queues;
    private final Clock clock;
    private final String identity = WorkerIdentity.create();
    private final List<RetryRelay> relays = new ArrayList<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<MeterBinder> binders;
    private SchemaRegistry registry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private KafkaReachability reachability;
    private WorkerEndpoints endpoints;
    private TaskEngine engine;
    private WorkerCount workerCount;
    private volatile boolean stopping;
    private volatile boolean started;
    private boolean closed;

    private Worker(WorkerConfig config, List<QueueBinding> queues, Clock clock, List<MeterBinder> binders) {
        this.config = config;
        this.queues = queues;
        this.clock = clock;
        this.binders = binders;
    }

    /** Starts building a worker for the queues of {@code config}. */
    public static Builder builder(WorkerConfig config) {
        return new Builder(config);
    }

    /**
     * Kafka Streams sets a changelog's configs only when it creates the topic: one created by an
     * older worker keeps compacting slowly, and a new owner replays more of it. A cluster that
     * refuses the change (no AlterConfigs permission) leaves it as it is, with a warning.
     */
    private void alignInFlightChangelogs(QueueTopicAdmin admin) {
        String group = config.getString(WorkerConfig.GROUP_CONFIG);
        for (QueueBinding queue : queues) {
            String changelog = group + "-" + new NodeNames(queue.spec().name()).inFlightStore() + "-changelog";
            try {
                List<String> changed = admin.alignConfigs(changelog, TaskTopology.IN_FLIGHT_CHANGELOG);
                if (!changed.isEmpty()) {
                    log.atInfo().addKeyValue("topic", changelog).addKeyValue("configs", changed)
                            .log("in-flight changelog configs updated");
                }
            } catch (IllegalStateException e) {
                log.atWarn().addKeyValue("topic", changelog).addKeyValue("reason", e.getMessage())
                        .log("in-flight changelog configs left as they are");
            }
        }
    }

    /** Creates missing topics, binds types, starts the relays and Kafka Streams; returns this. */
    public synchronized Worker start() {
        try {
            return startAll();
        } catch (RuntimeException | Error e) {
            // Nothing half-started stays behind (the HTTP port, relays, clients): a caller's
            // try-with-resources never reaches close() when start() throws.
            close();
            throw e;
        }
    }

    private Worker startAll() {
        KafkaClientSettings settings = config.kafka();
        List<String> unknown = UnknownKeys.of(config.originals(), WorkerConfig.configDef().names(), config.queues());
        if (!unknown.isEmpty()) {
            log.atWarn().addKeyValue("keys", unknown)
                    .log("config keys that neither Taskline nor Kafka reads are ignored: a typo, or a queue not in 'queues'?");
        }
        // First: a port in use fails the start before this worker joins any group.
        startEndpoints();
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            for (QueueBinding queue : queues) {
                QueueTopicAdmin.Result result = admin.ensure(queue.spec(), config.partitions(queue.spec().name()));
                if (!result.created().isEmpty()) {
                    log.info("created topics {}", result.created());
                }
            }
            admin.ensureTopic(SystemTopics.EVENTS, EVENTS_PARTITIONS,
                    Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(EVENTS_RETENTION.toMillis())));
            BatchTopics.ensure(admin);
            ScheduleClient.ensureTopic(admin);
            alignInFlightChangelogs(admin);
        }
        registry = KafkaSchemaRegistry.connect(settings);
        for (QueueBinding queue : queues) {
            queue.handlers().payloadSchemas().forEach((type, schema) -> bind(queue.spec().name(), type, schema));
        }
        String group = config.getString(WorkerConfig.GROUP_CONFIG);
        RateLimits limits = RateLimits.from(config.asStrings());
        engine = TaskEngine.threads(limits);
        Topology topology = TaskTopology.build(queues, new SingleObjectCodec(registry), clock, identity,
                engine, config.duration(WorkerConfig.DEDUP_WINDOW_CONFIG),
                new MicrometerTaskMetrics(meters), config.duration(WorkerConfig.MISFIRE_THRESHOLD_CONFIG));
        streams = newStreams(topology, streamsProperties(settings, group));
        for (QueueBinding queue : queues) {
            relays.add(RetryRelay.start(settings, queue.spec(), group, clock));
        }
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        bindRateLimitMeters(limits);
        if (!limits.isEmpty()) {
            workerCount = WorkerCount.start(settings, group, WORKER_COUNT_CHECK, limits::instances);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    workerCount.askNow();
                }
            });
        }
        streams.start();
        reachability = KafkaReachability.start(settings, REACHABILITY_CHECK);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        started = true;
        log.info("worker {} started for queues {} (group {})", identity, config.queues(), group);
        return this;
    }

    /**
     * Kafka Streams for {@code topology}; its state folder taken by another worker on this
     * machine (two workers in one working directory) is a config error naming {@code state.dir}.
     */
    private static KafkaStreams newStreams(Topology topology, Properties props) {
        try {
            return new KafkaStreams(topology, props);
        } catch (StreamsException e) {
            if (String.valueOf(e.getMessage()).contains("Unable to initialize state")) {
                throw new ConfigException(WorkerConfig.STATE_DIR_CONFIG, props.get(StreamsConfig.STATE_DIR_CONFIG),
                        "cannot be used (another worker of group " + props.get(StreamsConfig.APPLICATION_ID_CONFIG)
                                + " on this machine? give each worker a state.dir of its own): " + e.getMessage());
            }
            throw e;
        }
    }

    private void startEndpoints() {
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        binders.forEach(b -> b.bindTo(meters));
        int port = config.getInt(WorkerConfig.METRICS_PORT_CONFIG);
        if (port > 0) {
            try {
                endpoints = WorkerEndpoints.start(port, meters, this::notReadyReason);
                log.info("metrics and health on http://0.0.0.0:{}/metrics", endpoints.port());
            } catch (IOException e) {
                throw new ConfigException(WorkerConfig.METRICS_PORT_CONFIG, port, "cannot listen: " + e.getMessage());
            }
        }
    }

    /** How often and how long tasks waited for each rate limit's permits. */
    private void bindRateLimitMeters(RateLimits limits) {
        for (String name : limits.names()) {
            io.micrometer.core.instrument.FunctionCounter.builder("taskline.ratelimit.waits", limits,
                            l -> l.waits().get(name).count())
                    .description("Tasks that waited for a permit of this rate limit").tag("limit", name)
                    .register(meters);
            io.micrometer.core.instrument.FunctionCounter.builder("taskline.ratelimit.wait", limits,
                            l -> l.waits().get(name).totalNanos() / 1e9)
                    .baseUnit("seconds").description("Time tasks waited for permits of this rate limit")
                    .tag("limit", name).register(meters);
        }
    }

    /** Null when ready; otherwise why not, for /health/ready. */
    private String notReadyReason() {
        if (stopping) {
            return "the worker is stopping";
        }
        if (state() != KafkaStreams.State.RUNNING) {
            return "kafka streams is " + state();
        }
        String unreachable = reachability == null ? null : reachability.problem();
        if (unreachable != null) {
            return unreachable;
        }
        for (RetryRelay relay : relays) {
            if (!relay.isRunning()) {
                return "a retry relay stopped";
            }
            if (!relay.isAssigned()) {
                return "a retry relay has no partitions yet";
            }
        }
        return null;
    }

    /** The worker's metrics registry (what /metrics serves). */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    private void bind(String queue, String type, Schema schema) {
        registry.register(schema);
        registry.bindType(queue, type, schema);
    }

    private Properties streamsProperties(KafkaClientSettings settings, String group) {
        Properties props = new Properties();
        props.putAll(settings.asMap());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(WorkerConfig.PROCESSING_GUARANTEE_CONFIG));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(WorkerConfig.COMMIT_INTERVAL_MS_CONFIG));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(WorkerConfig.THREADS_CONFIG));
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(WorkerConfig.STATE_DIR_CONFIG));
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(GLOBAL_PROCESSING_EXCEPTIONS, true);
        // Streams' partition assignor builds a StreamsConfig of its own from the main consumer's
        // settings, and without the flag there it warns on every start that it is off.
        props.put(StreamsConfig.mainConsumerPrefix(GLOBAL_PROCESSING_EXCEPTIONS), true);
        // Outcomes of tasks running on the pool are routed by the stream thread: it must not sit
        // in poll() for long while no record arrives (Streams' default is 100 ms).
        props.put(StreamsConfig.POLL_MS_CONFIG, settings.asMap().getOrDefault(StreamsConfig.POLL_MS_CONFIG, 10));
        // No step of a worker needs records of two topics in timestamp order (the batch tracker
        // keeps members' events that come before their batch), so a task never waits for an empty
        // partition; with Streams' default of 0 it also formats a lag message per empty partition
        // on every loop, which measured as the stream thread's largest cost in the no-op bench.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                settings.asMap().getOrDefault(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // An exactly-once transaction stays open while the stream thread waits for room (backpressure,
        // at most a third of max.poll.interval.ms), so it must outlive that wait; Streams' 10 s
        // default would abort it. The broker caps this at transaction.max.timeout.ms.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) TRANSACTION_TIMEOUT.toMillis());
        // Under exactly-once a transaction commits every commit.interval.ms and the next one starts at
        // once, so its first requests often find the last one's markers still being written
        // (CONCURRENT_TRANSACTIONS); the client's default 100 ms backoff then stalls the commit.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
                settings.asMap().getOrDefault(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, TRANSACTION_RETRY_BACKOFF_MS));
        settings.asMap().forEach((key, value) -> {
            if (key.equals(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
                props.put(StreamsConfig.producerPrefix(key), value);
            }
        });
        return props;
    }

    /** The Kafka Streams state, or {@code CREATED} before {@link #start()}. */
    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** True when Kafka Streams is RUNNING and every retry relay owns its partitions. */
    public boolean isReady() {
        return notReadyReason() == null;
    }

    /** Waits until {@link #isReady()}; throws {@link IllegalStateException} after {@code timeout}. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("worker not running after " + timeout + " (state " + state() + ")");
            }
            Thread.sleep(50);
        }
    }

    /** The relays of this worker's queues, one per queue. */
    public List<RetryRelay> relays() {
        return List.copyOf(relays);
    }

    /**
     * The live worker processes of this worker's group as last counted for cluster-scope rate
     * limits (every 5 s and after each rebalance); 1 when no limit needs the count.
     */
    public int liveWorkers() {
        return workerCount == null ? 1 : workerCount.count();
    }

    /** This worker's identity, as written in failures and events. */
    public String identity() {
        return identity;
    }

    /** True once {@link #close()} has begun. */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Starts no new task, lets the running ones finish (up to 30 s; later ones are interrupted and
     * run again on the partition's next owner), commits, and stops the relays and Kafka Streams.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // /health/ready says 503 while the worker drains; the port closes last.
        stopping = true;
        if (engine != null && streams != null) {
            try {
                Duration drain = config.duration(WorkerConfig.DRAIN_TIMEOUT_CONFIG);
                if (!engine.drain(drain)) {
                    log.warn("tasks still running after {}; they are interrupted and run again on the next owner",
                            drain);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (streams != null) {
            // Leave the group so another worker takes the partitions over at once, not after the session timeout.
            streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        relays.forEach(RetryRelay::close);
        if (engine != null) {
            engine.close();
        }
        if (workerCount != null) {
            workerCount.close();
        }
        binders.forEach(Worker::closeQuietly);
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (reachability != null) {
            reachability.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (endpoints != null) {
            endpoints.close();
        }
        if (started) {
            log.info("worker {} stopped", identity);
        }
    }

    private static void closeQuietly(MeterBinder binder) {
        if (binder instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("could not close meters {}: {}", binder.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Builds a {@link Worker}: handlers from the config's class names plus any added here. */
    public static final class Builder {
        private final WorkerConfig config;
        private final Map<String, Map<String, TaskHandler<?>>> handlers = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private final List<MeterBinder> binders = new ArrayList<>();

        private Builder(WorkerConfig config) {
            this.config = config;
            for (String queue : config.queues()) {
                Map<String, TaskHandler<?>> byType = new LinkedHashMap<>();
                Map<String, String> workerSettings = config.asStrings();
                config.handlerClasses(queue).forEach((type, className) -> byType.put(type, HandlerLoader.load(
                        WorkerConfig.queueKey(queue, WorkerConfig.HANDLER_INFIX + type), className, workerSettings)));
                handlers.put(queue, byType);
            }
        }

        /** Adds (or replaces) the handler of {@code type} on {@code queue}. */
        public Builder handler(String queue, String type, TaskHandler<?> handler) {
            Map<String, TaskHandler<?>> byType = handlers.get(queue);
            if (byType == null) {
                throw new ConfigException(WorkerConfig.QUEUES_CONFIG, config.queues(), "does not name queue " + queue);
            }
            byType.put(type, handler);
            return this;
        }

        /** Adds meters (such as queue lag) to what the worker's /metrics serves; closed with the worker when closeable. */
        public Builder meters(MeterBinder binder) {
            binders.add(binder);
            return this;
        }

        /** The clock for due times and timestamps; tests inject their own. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The worker; throws {@link ConfigException} when a queue has no handler. */
        public Worker build() {
            List<QueueBinding> queues = new ArrayList<>();
            handlers.forEach((queue, byType) -> {
                if (byType.isEmpty()) {
                    throw new ConfigException("queue " + queue + " has no handlers: add "
                            + WorkerConfig.queueKey(queue, WorkerConfig.HANDLER_INFIX + "<type>") + "=<class>");
                }
                HandlerRegistry.Builder registry = HandlerRegistry.builder();
                new HashMap<>(byType).forEach(registry::add);
                HandlerRegistry built = registry.build();
                QueueExecution execution = config.queueExecution(queue);
                checkRateLimits(queue, built, execution);
                queues.add(new QueueBinding(config.queueSpec(queue), built, execution));
            });
            return new Worker(config, queues, clock, List.copyOf(binders));
        }

        /** Every rate limit a type waits for must be defined as {@code ratelimit.<name>}. */
        private void checkRateLimits(String queue, HandlerRegistry registry, QueueExecution execution) {
            java.util.Set<String> defined = RateLimits.from(config.asStrings()).names();
            registry.all().forEach((type, handler) -> {
                java.util.Set<String> wanted = new java.util.TreeSet<>(handler.rateLimits());
                wanted.addAll(execution.rateLimits(type));
                wanted.removeAll(defined);
                if (!wanted.isEmpty()) {
                    throw new ConfigException("type " + type + " on queue " + queue + " waits for rate limit "
                            + wanted + ", which is not defined: add ratelimit." + wanted.iterator().next()
                            + "=<permits>/<period> (defined: " + defined + ")");
                }
            });
        }
    }
}
