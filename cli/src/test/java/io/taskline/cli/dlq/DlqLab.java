package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.cli.Cli;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.processors.TaskHandler;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.TaskHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the dead-letter CLI tests do against the broker: run {@code taskline} in-process, run a
 * real worker over several queues, publish tasks (and records that are not tasks), wait for dead
 * letters through {@code taskline dlq list}, and read every topic's end offsets.
 *
 * <p>Usage: {@code try (DlqLab lab = new DlqLab(broker)) { lab.taskline("dlq", "list", queue); }}
 */
final class DlqLab implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final List<AutoCloseable> open = new ArrayList<>();
    private TaskPublisher publisher;

    DlqLab(EmbeddedKafkaBroker broker) {
        this.bootstrap = broker.bootstrapServers();
    }

    /** A queue name no other test uses. */
    static String queue(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs {@code taskline args... --bootstrap-servers <broker>}. */
    Cli.Run taskline(String... args) {
        return Cli.run(Stream.concat(Stream.of(args), Stream.of("--bootstrap-servers", bootstrap)).toArray(String[]::new));
    }

    /**
     * Starts one worker for every queue of {@code handlers} (queue to type to handler), each queue
     * with 3 partitions, one 1 s retry tier and {@code maxAttempts}; waits until it runs.
     */
    Worker startWorker(int maxAttempts, Map<String, Map<String, TaskHandler<?>>> handlers) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(WorkerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(WorkerConfig.QUEUES_CONFIG, String.join(",", handlers.keySet()));
        props.put(WorkerConfig.GROUP_CONFIG, queue("dlq-cli-workers"));
        props.put(WorkerConfig.STATE_DIR_CONFIG, Files.createTempDirectory("taskline-dlq-cli").toString());
        for (String queue : handlers.keySet()) {
            props.put(WorkerConfig.queueKey(queue, WorkerConfig.TIERS_SUFFIX), "1s");
            props.put(WorkerConfig.queueKey(queue, WorkerConfig.MAX_ATTEMPTS_SUFFIX), Integer.toString(maxAttempts));
            props.put(WorkerConfig.queueKey(queue, WorkerConfig.PARTITIONS_SUFFIX), "3");
        }
        Worker.Builder builder = Worker.builder(new WorkerConfig(props));
        handlers.forEach((queue, byType) -> byType.forEach((type, handler) -> builder.handler(queue, type, handler)));
        Worker worker = track(builder.build().start());
        worker.awaitRunning(PATIENCE);
        return worker;
    }

    /** Publishes task {@code id} and waits for the broker's acknowledgement. */
    void publish(String queue, String type, String id, String key, GenericContainer payload) {
        if (publisher == null) {
            publisher = track(TaskPublisher.create(new TaskPublisherConfig(Map.of("bootstrap.servers", bootstrap))));
        }
        TaskRequest.Builder request = TaskRequest.to(queue).type(type).id(id).payload(payload);
        publisher.publish((key == null ? request : request.key(key)).build()).join();
    }

    /** Writes a record that is not a task to {@code queue}, as a misbehaving producer would. */
    void publishGarbage(String queue, String key, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(queue, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** The JSON objects a successful {@code --json} run printed, one per line. */
    static List<JsonNode> jsonLines(Cli.Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : run.outLines()) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return out;
    }

    /** Waits until {@code taskline dlq list QUEUE --json} prints {@code count} dead letters. */
    void awaitDeadLetters(String queue, int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> taskline("dlq", "list", queue, "--json").outLines().size() >= count);
    }

    /** The end offset of every partition of every topic but Kafka's own ({@code __*}), by "topic-partition". */
    Map<String, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.listTopics().values().stream().flatMap(List::stream)
                    .filter(p -> !p.topic().startsWith("__"))
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<String, Long> ends = new TreeMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp.toString(), end));
            return ends;
        }
    }

    /** The sum of the end offsets of {@code topic}'s partitions, 0 when it does not exist. */
    long endOffset(String topic) {
        return endOffsets().entrySet().stream().filter(e -> e.getKey().matches("\\Q" + topic + "\\E-\\d+"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * How many committed records of {@code topic} carry each task id (the {@code taskline.task-id}
     * header), read from the start to the end offsets of now.
     */
    Map<String, Integer> recordsPerTaskId(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<String, Integer> counts = new TreeMap<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end offsets %s", topic, ends).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader(TaskHeaders.TASK_ID);
                    counts.merge(id == null ? "<none>" : new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
            return counts;
        }
    }

    <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Closes {@code closeable} now, e.g. a worker whose job is done. */
    void closeNow(AutoCloseable closeable) throws Exception {
        open.remove(closeable);
        closeable.close();
    }

    /** Closes the workers and the publisher, newest first. */
    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
