package io.taskline.processors.testing;

import static org.awaitility.Awaitility.await;

import io.taskline.processors.TaskHandler;
import io.taskline.processors.Worker;
import io.taskline.processors.WorkerConfig;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskPublisherConfig;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.SystemTopics;
import io.taskline.schemas.Task;
import io.taskline.schemas.TaskEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * What an integration test of workers needs against one broker: publishers and workers that are
 * closed after the test, a codec that resolves schemas from {@code taskline.schemas}, and
 * readers of dead letters and lifecycle events.
 *
 * <p>Usage: {@code fixture = new WorkerFixture(broker.bootstrapServers());} and
 * {@code fixture.close()} in {@code @AfterEach}.
 */
public final class WorkerFixture implements AutoCloseable {

    private final String bootstrap;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private SingleObjectCodec codec;

    /** A fixture for the broker at {@code bootstrap}. */
    public WorkerFixture(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The broker's bootstrap servers. */
    public String bootstrap() {
        return bootstrap;
    }

    /** Closes {@code closeable} when the fixture closes, newest first. */
    public synchronized <T extends AutoCloseable> T track(T closeable) {
        open.push(closeable);
        return closeable;
    }

    /** Closes {@code closeable} now and forgets it. */
    public void closeNow(AutoCloseable closeable) throws Exception {
        synchronized (this) {
            open.remove(closeable);
        }
        closeable.close();
    }

    /** A publisher to the broker, closed after the test. */
    public TaskPublisher publisher() {
        return track(TaskPublisher.create(new TaskPublisherConfig(Map.of("bootstrap.servers", bootstrap))));
    }

    /** Builds and starts a worker of {@code queue} with these handlers and waits until it is ready. */
    public Worker startWorker(Map<String, Object> props, String queue, Map<String, TaskHandler<?>> handlers)
            throws InterruptedException {
        Worker worker = start(props, queue, handlers);
        worker.awaitRunning(Duration.ofSeconds(90));
        return worker;
    }

    /**
     * Builds and starts a worker without waiting for it to be ready: for handlers that block the
     * stream thread, which can keep Kafka Streams from reporting RUNNING.
     */
    public Worker start(Map<String, Object> props, String queue, Map<String, TaskHandler<?>> handlers) {
        Worker.Builder builder = Worker.builder(new WorkerConfig(props));
        handlers.forEach((type, h) -> builder.handler(queue, type, h));
        return track(builder.build().start());
    }

    /** Decodes a task envelope, resolving its writer schema from {@code taskline.schemas}. */
    public synchronized Task decodeTask(byte[] bytes) {
        return codec().decode(bytes, Task.class);
    }

    /** Every committed lifecycle event of {@code queue} so far, in topic order per partition. */
    public List<TaskEvent> events(String queue) {
        SingleObjectCodec c = codec();
        return TopicReader.readAll(bootstrap, SystemTopics.EVENTS).stream()
                .map(r -> c.decode(r.value(), TaskEvent.class))
                .filter(e -> e.getQueue().equals(queue))
                .collect(Collectors.toList());
    }

    /** Waits until {@code topic} holds at least {@code count} committed records and returns them all. */
    public List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, int count, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> TopicReader.readAll(bootstrap, topic), records -> records.size() >= count);
    }

    /** The sum of the end offsets of every partition of {@code topic}. */
    public long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /** A string header of a record, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private synchronized SingleObjectCodec codec() {
        if (codec == null) {
            codec = new SingleObjectCodec(track(KafkaSchemaRegistry.connect(KafkaClientSettings.of(bootstrap))));
        }
        return codec;
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
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
