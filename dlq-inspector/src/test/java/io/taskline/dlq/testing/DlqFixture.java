package io.taskline.dlq.testing;

import io.taskline.dlq.DeadLetterConfig;
import io.taskline.processors.TaskHandler;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.retry.QueueTopics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a dead-letter integration test needs against one broker: unique queues, workers and
 * publishers closed after the test, the tools' config, and admin views of offsets and groups.
 *
 * <p>Usage: {@code fixture = new DlqFixture(broker.bootstrapServers());} and {@code fixture.close()} after.
 */
public final class DlqFixture implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String bootstrap;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** A fixture for the broker at {@code bootstrap}. */
    public DlqFixture(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** A queue name no other test uses. */
    public static String uniqueQueue(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** The broker's bootstrap servers. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The dead-letter tools' config for this broker, plus {@code extra} keys. */
    public DeadLetterConfig config(Map<String, ?> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("bootstrap.servers", bootstrap);
        return new DeadLetterConfig(props);
    }

    /** Closes {@code closeable} when the fixture closes, newest first. */
    public synchronized <T extends AutoCloseable> T track(T closeable) {
        open.push(closeable);
        return closeable;
    }

    /** Closes {@code closeable} now. */
    public void closeNow(AutoCloseable closeable) throws Exception {
        synchronized (this) {
            open.remove(closeable);
        }
        closeable.close();
    }

    /** A publisher, closed after the test. */
    public TaskPublisher publisher() {
        return track(TaskPublisher.create(new TaskPublisherConfig(Map.of("bootstrap.servers", bootstrap))));
    }

    /** A plain producer of raw bytes, closed after the test. */
    public KafkaProducer<byte[], byte[]> rawProducer() {
        return track(new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** Worker settings for one queue of 3 partitions, in its own group and state dir. */
    public Map<String, Object> workerProps(String queue, String tiers, int maxAttempts) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("queues", queue);
        props.put("worker.group", group(queue));
        props.put("queue." + queue + ".tiers", tiers);
        props.put("queue." + queue + ".max.attempts", Integer.toString(maxAttempts));
        props.put("queue." + queue + ".partitions", "3");
        props.put("state.dir", Files.createTempDirectory("taskline-dlq-state").toString());
        return props;
    }

    /** The worker group of a queue started by {@link #startWorker}. */
    public static String group(String queue) {
        return "test-" + queue;
    }

    /** Starts a worker for {@code queue} with these handlers and waits until it runs. */
    public Worker startWorker(String queue, String tiers, int maxAttempts, Map<String, TaskHandler<?>> handlers)
            throws Exception {
        Worker.Builder builder = Worker.builder(new WorkerConfig(workerProps(queue, tiers, maxAttempts)));
        handlers.forEach((type, h) -> builder.handler(queue, type, h));
        Worker worker = track(builder.build().start());
        worker.awaitRunning(Duration.ofSeconds(90));
        return worker;
    }

    /** End offset of every partition of every non-internal topic, by "topic-partition". */
    public Map<String, Long> allEndOffsets() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get();
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(p ->
                    latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<String, Long> out = new TreeMap<>();
            ends.forEach((tp, info) -> out.put(tp.toString(), info.offset()));
            return out;
        }
    }

    /** The sum of the end offsets of {@code topic}, or -1 when it does not exist. */
    public long endOffsets(String topic) throws Exception {
        String prefix = topic + "-";
        Map<String, Long> all = allEndOffsets();
        List<Long> mine = all.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getKey().substring(prefix.length()).matches("\\d+"))
                .map(Map.Entry::getValue).toList();
        return mine.isEmpty() ? -1 : mine.stream().mapToLong(Long::longValue).sum();
    }

    /** The ids of every consumer, share and streams group the broker knows. */
    public Set<String> groups() throws Exception {
        try (Admin admin = admin()) {
            Collection<GroupListing> groups = admin.listGroups().all().get();
            return groups.stream().map(GroupListing::groupId).collect(Collectors.toSet());
        }
    }

    /** True when the worker group of {@code queue} has committed every record on the queue topic. */
    public boolean workerCaughtUp(String queue) throws Exception {
        String topic = QueueTopics.of(queue).queue();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group(queue)).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return e.getValue().offset() == 0 || c != null && c.offset() >= e.getValue().offset();
            });
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    /** Closes everything tracked, newest first, and reports the first failure after trying all. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        while (true) {
            AutoCloseable next;
            synchronized (this) {
                next = open.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
