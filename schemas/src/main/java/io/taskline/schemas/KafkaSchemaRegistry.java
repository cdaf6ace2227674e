package io.taskline.schemas;

import io.taskline.schemas.internal.SchemaCatalog;
import io.taskline.schemas.internal.SchemaCompatibilityCheck;
import io.taskline.schemas.internal.SchemaTopicReader;
import io.taskline.schemas.internal.UnknownFingerprints;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The schema registry kept in the compacted {@code taskline.schemas} topic: any process that
 * reaches the cluster can resolve any writer schema ever used.
 *
 * <p>Usage: {@code try (SchemaRegistry r = KafkaSchemaRegistry.connect(settings)) { ... }}. The
 * topic is created if missing. A lookup of an unknown fingerprint reads the topic to its end
 * once before answering; a fingerprint that keeps missing is looked for again after a growing
 * wait, up to 1 s ({@link UnknownFingerprints}), and answered "unknown" in between.
 */
public final class KafkaSchemaRegistry implements SchemaRegistry {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final SchemaCatalog catalog = new SchemaCatalog();
    private final SchemaTopicReader reader;
    private final UnknownFingerprints unknown = new UnknownFingerprints(System::nanoTime);
    private final KafkaProducer<String, String> producer;

    private KafkaSchemaRegistry(KafkaClientSettings settings) {
        this.reader = new SchemaTopicReader(settings, catalog);
        this.producer = new KafkaProducer<>(settings.with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0)), new StringSerializer(), new StringSerializer());
    }

    /** Connects to the cluster, creates {@code taskline.schemas} if missing and reads it. */
    public static KafkaSchemaRegistry connect(KafkaClientSettings settings) {
        SchemaTopicReader.ensureTopic(settings);
        KafkaSchemaRegistry registry = new KafkaSchemaRegistry(settings);
        registry.reader.catchUp();
        return registry;
    }

    @Override
    public synchronized long register(Schema schema) {
        long fingerprint = SingleObjectCodec.fingerprint(schema);
        if (findByFingerprint(fingerprint) != null) {
            return fingerprint;
        }
        // Every earlier version, not only the latest: a worker may still read with any of them.
        catalog.all(schema.getFullName())
                .forEach(previous -> SchemaCompatibilityCheck.requireMutuallyCompatible(previous, schema));
        write(SchemaCatalog.schemaKey(fingerprint), schema.toString());
        return fingerprint;
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        Schema schema = catalog.byFingerprint(fingerprint);
        if (schema == null && unknown.mayLookAgain(fingerprint)) {
            reader.catchUp();
            schema = catalog.byFingerprint(fingerprint);
            if (schema == null) {
                unknown.missed(fingerprint);
            } else {
                unknown.found(fingerprint);
            }
        }
        return schema;
    }

    @Override
    public synchronized void bindType(String queue, String type, Schema schema) {
        reader.catchUp();
        Optional<Schema> current = catalog.type(queue, type);
        if (current.isEmpty() || !current.get().equals(schema)) {
            write(SchemaCatalog.typeKey(queue, type), schema.toString());
        }
    }

    @Override
    public Optional<Schema> typeSchema(String queue, String type) {
        reader.catchUp();
        return catalog.type(queue, type);
    }

    @Override
    public Map<String, Schema> types(String queue) {
        reader.catchUp();
        return catalog.types(queue);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        reader.close();
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(SystemTopics.SCHEMAS, key, value))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + SystemTopics.SCHEMAS, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + SystemTopics.SCHEMAS + ": " + e.getMessage(), e);
        }
        catalog.apply(key, value);
    }
}
