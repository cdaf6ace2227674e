package io.taskline.dlq;

import io.taskline.dlq.internal.DeadLetterDecoder;
import io.taskline.dlq.internal.TopicScan;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a queue's dead letters: scans {@code Q.dlq} from the beginning to the end offsets found
 * at the start, decodes each record, marks those in the replay ledger as replayed, and keeps the
 * ones a {@link DeadLetterFilter} matches. Reading uses no consumer group: it never joins,
 * creates or moves one, so it cannot disturb workers.
 *
 * <p>Usage:
 * <pre>{@code
 * try (DeadLetterReader reader = DeadLetterReader.create(new DeadLetterConfig(props))) {
 *     ScanResult r = reader.scan("emails", DeadLetterFilter.builder().type("welcome-email").build(), 50);
 * }
 * }</pre>
 */
public final class DeadLetterReader implements AutoCloseable {

    /** Oldest death first, then DLQ position: the order of {@link ScanResult#letters()}. */
    public static final Comparator<DeadLetter> ORDER = Comparator
            .comparing(DeadLetter::deadAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset);

    private final KafkaClientSettings settings;
    private final SchemaRegistry registry;
    private final boolean ownsRegistry;
    private final SingleObjectCodec codec;

    private DeadLetterReader(KafkaClientSettings settings, SchemaRegistry registry, boolean ownsRegistry) {
        this.settings = settings;
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.codec = new SingleObjectCodec(registry);
    }

    /** Connects a reader and its own schema registry client. */
    public static DeadLetterReader create(DeadLetterConfig config) {
        KafkaClientSettings settings = config.kafka();
        return new DeadLetterReader(settings, KafkaSchemaRegistry.connect(settings), true);
    }

    /** A reader sharing {@code registry}, which stays open when the reader closes. */
    public static DeadLetterReader create(KafkaClientSettings settings, SchemaRegistry registry) {
        return new DeadLetterReader(settings, Objects.requireNonNull(registry, "registry"), false);
    }

    /** Every dead letter of {@code queue} that {@code filter} matches. */
    public ScanResult scan(String queue, DeadLetterFilter filter) {
        return scan(queue, filter, 0, ProgressListener.NONE);
    }

    /** The first {@code limit} matching dead letters (0 = no limit), oldest death first. */
    public ScanResult scan(String queue, DeadLetterFilter filter, int limit) {
        return scan(queue, filter, limit, ProgressListener.NONE);
    }

    /**
     * The first {@code limit} matching dead letters (0 = no limit), oldest death first, telling
     * {@code progress} how many records were read.
     *
     * @throws IllegalArgumentException for a bad queue name, a negative limit, or a queue without a DLQ
     */
    public ScanResult scan(String queue, DeadLetterFilter filter, int limit, ProgressListener progress) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (none) or more, was " + limit);
        }
        long start = System.nanoTime();
        PriorityQueue<DeadLetter> kept = new PriorityQueue<>(ORDER.reversed());
        long[] matched = {0};
        long scanned = read(queue, filter, letter -> {
            matched[0]++;
            kept.add(letter);
            if (limit > 0 && kept.size() > limit) {
                kept.poll();
            }
        }, progress);
        List<DeadLetter> letters = new ArrayList<>(kept);
        letters.sort(ORDER);
        return new ScanResult(queue, letters, scanned, matched[0], Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Hands every matching dead letter to {@code sink} as it is read, without holding them:
     * partitions interleave, each in offset order.
     *
     * @return the scan's counts, with an empty letter list
     */
    public ScanResult stream(String queue, DeadLetterFilter filter, Consumer<DeadLetter> sink,
                             ProgressListener progress) {
        long start = System.nanoTime();
        long[] matched = {0};
        long scanned = read(queue, filter, letter -> {
            matched[0]++;
            sink.accept(letter);
        }, progress);
        return new ScanResult(queue, List.of(), scanned, matched[0], Duration.ofNanos(System.nanoTime() - start));
    }

    /** The last dead letter of task {@code taskId} on {@code queue} (latest death), if any. */
    public Optional<DeadLetter> find(String queue, String taskId) {
        List<DeadLetter> found = scan(queue, DeadLetterFilter.builder().id(taskId).build()).letters();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The schema registry this reader decodes with, e.g. for {@link DeadLetterPayloads}. */
    public SchemaRegistry registry() {
        return registry;
    }

    private long read(String queue, DeadLetterFilter filter, Consumer<DeadLetter> sink, ProgressListener progress) {
        String dlq = QueueTopics.of(queue).dlq();
        Map<String, ReplayLedger.Entry> ledger = ReplayLedger.of(settings).read(queue);
        DeadLetterDecoder decoder = new DeadLetterDecoder(codec);
        long scanned = new TopicScan(settings).readAll(dlq, record -> {
            if (mayMatch(record, filter)) {
                DeadLetter letter = decoder.decode(record, false);
                if (ledger.containsKey(letter.position())) {
                    letter = letter.withReplayed(ReplayLedger.isReplayed(ledger, letter));
                }
                if (filter.matches(letter)) {
                    sink.accept(letter);
                }
            }
        }, progress);
        if (scanned < 0) {
            throw new IllegalArgumentException("queue '" + queue + "' has no dead-letter topic " + dlq
                    + ": create its topics with `taskline topics create --queue " + queue + "`");
        }
        return scanned;
    }

    /** False when the id or type header already rules the record out, saving a decode. */
    private static boolean mayMatch(ConsumerRecord<byte[], byte[]> record, DeadLetterFilter filter) {
        if (filter.id() != null && differs(record, TaskHeaders.TASK_ID, filter.id())) {
            return false;
        }
        return filter.type() == null || DeadLetter.UNDECODABLE_TYPE.equals(filter.type())
                || !differs(record, TaskHeaders.TYPE, filter.type());
    }

    private static boolean differs(ConsumerRecord<byte[], byte[]> record, String header, String expected) {
        Header h = record.headers().lastHeader(header);
        return h != null && h.value() != null && !expected.equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** Closes the schema registry client if this reader opened it. */
    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
