package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write-behind store's changelog, as Kafka Streams commits it (the test driver commits after
 * every input record): only what is still there at a commit is written, in that commit.
 */
class WriteBehindStoreTest {

    private static final String STORE = "held";
    private static final Duration WINDOW = Duration.ofMillis(20);

    /** The store's clock: only the test moves it (command {@code wait}, one window). */
    private final AtomicLong nanos = new AtomicLong();

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, String> reads;
    private TestOutputTopic<String, String> changelog;

    @BeforeEach
    void start() {
        Topology topology = new Topology();
        topology.addSource("in", "commands");
        topology.addProcessor("store", () -> new Commands(nanos), "in");
        topology.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()), WINDOW, nanos::get), "store");
        topology.addSink("out", "reads", "store");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-behind");
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        // Exactly-once: the changelog shows only what a commit's transaction carried, so an entry
        // written after the offsets were committed (not before) would be missing from it.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        in = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
        reads = driver.createOutputTopic("reads", new StringDeserializer(), new StringDeserializer());
        changelog = driver.createOutputTopic("write-behind-" + STORE + "-changelog", new StringDeserializer(),
                new StringDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aKeyWrittenAndDeletedBetweenTwoCommitsNeverReachesTheChangelog() {
        in.pipeInput("t-1", "put,delete,get");

        assertThat(reads.readValuesToList()).containsExactly((String) null);
        assertThat(changelog.isEmpty()).as("changelog empty").isTrue();
    }

    @Test
    void aKeyStillThereAtACommitIsWrittenThenDeletedByTheCommitAfterItsDelete() {
        in.pipeInput("t-1", "put");
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("t-1", "v"));

        in.pipeInput("t-1", "delete,get");
        assertThat(reads.readValuesToList()).containsExactly((String) null);
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("t-1", null));
    }

    @Test
    void readsSeeWritesThatWaitForTheCommit() {
        in.pipeInput("t-1", "put,get,all");

        assertThat(reads.readKeyValuesToList()).containsExactly(KeyValue.pair("t-1", "v"), KeyValue.pair("all", "t-1"));
    }

    @Test
    void aKeyRewrittenAfterItsCommitIsDeletedEvenWhenItsNewValueNeverReachedTheChangelog() {
        in.pipeInput("t-1", "put");
        in.pipeInput("t-1", "put2,delete,get");

        assertThat(reads.readValuesToList()).containsExactly((String) null);
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("t-1", "v"), KeyValue.pair("t-1", null));
    }

    @Test
    void aKeyPendingThroughAWholeWindowIsWrittenBeforeTheCommitSoItsDeleteIsWrittenToo() {
        // t-1 is put, a window passes, t-2's put makes t-1 older, another window passes, and
        // t-3's put writes t-1 down: its delete then needs a tombstone.
        in.pipeInput("t-1", "put,wait,put:t-2,wait,put:t-3,delete,get");

        assertThat(reads.readValuesToList()).containsExactly((String) null);
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("t-1", "v"),
                KeyValue.pair("t-2", "v"), KeyValue.pair("t-3", "v"), KeyValue.pair("t-1", null));
    }

    @Test
    void aKeyDeletedWithinItsWindowIsNotWrittenWhileOthersAge() {
        in.pipeInput("t-1", "put:t-0,wait,put,wait,delete,put:t-2");

        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("t-0", "v"),
                KeyValue.pair("t-2", "v"));
    }

    /**
     * Runs the comma-separated store commands of each record ({@code put}, {@code put2},
     * {@code delete}, {@code get}, {@code all}; {@code op:key} for another key than the record's),
     * forwarding what it reads; {@code wait} moves the store's clock on by one window.
     */
    private static final class Commands implements Processor<String, String, String, String> {

        private final AtomicLong nanos;
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> store;

        Commands(AtomicLong nanos) {
            this.nanos = nanos;
        }

        @Override
        public void init(ProcessorContext<String, String> ctx) {
            context = ctx;
            store = ctx.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            for (String step : record.value().split(",")) {
                String[] parts = step.split(":");
                String command = parts[0];
                String key = parts.length > 1 ? parts[1] : record.key();
                switch (command) {
                    case "put" -> store.put(key, "v");
                    case "put2" -> store.put(key, "v2");
                    case "delete" -> store.delete(key);
                    case "get" -> context.forward(record.withKey(key).withValue(store.get(key)));
                    case "wait" -> nanos.addAndGet(WINDOW.toNanos());
                    case "all" -> {
                        try (var all = store.all()) {
                            all.forEachRemaining(e -> context.forward(record.withKey("all").withValue(e.key)));
                        }
                    }
                    default -> throw new IllegalArgumentException(command);
                }
            }
        }
    }
}
