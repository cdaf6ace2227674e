package io.taskline.processors.internal;

import io.taskline.retry.QueueTopics;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.SystemTopics;
import java.time.Clock;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the batch tracker to a worker topology: a sub-topology that reads {@code taskline.batches}
 * and the members' events on {@code taskline.batch-events} (which the worker running a member
 * writes, see {@link OutcomeRouter#emit}) and tracks the batches whose callback queue is served.
 * See {@code docs/batches.md}.
 */
public final class BatchTracking {

    private BatchTracking() {
    }

    /** Adds the tracker of the batches whose callbacks go to one of {@code queues}. */
    public static void addTo(Topology topology, Set<String> queues, RecordCodec codec, Clock clock, String worker) {
        Deserializer<byte[]> in = Serdes.ByteArray().deserializer();
        Serializer<byte[]> out = Serdes.ByteArray().serializer();
        topology.addSource(BatchNodes.BATCHES_SOURCE, in, in, SystemTopics.BATCHES);
        topology.addSource(BatchNodes.MEMBER_EVENTS_SOURCE, in, in, SystemTopics.BATCH_EVENTS);
        topology.addProcessor(BatchNodes.TRACKER, () -> new BatchTracker(queues, codec, clock, worker),
                BatchNodes.BATCHES_SOURCE, BatchNodes.MEMBER_EVENTS_SOURCE);
        Serde<String> text = Serdes.String();
        Serde<byte[]> bytes = Serdes.ByteArray();
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BatchNodes.DEFINITIONS_STORE), text, bytes), BatchNodes.TRACKER);
        // Cached: a busy batch changes its state and members many times between two commits.
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BatchNodes.STATES_STORE), text, bytes).withCachingEnabled(),
                BatchNodes.TRACKER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BatchNodes.MEMBERS_STORE), text, bytes).withCachingEnabled(),
                BatchNodes.TRACKER);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BatchNodes.FOREIGN_STORE), text, Serdes.Long()), BatchNodes.TRACKER);
        topology.addSink(BatchNodes.STATE_SINK, SystemTopics.BATCH_STATE, out, out, BatchNodes.TRACKER);
        topology.addSink(BatchNodes.BATCHES_SINK, SystemTopics.BATCHES, out, out, BatchNodes.TRACKER);
        topology.addSink(BatchNodes.EVENTS_SINK, SystemTopics.EVENTS, out, out, BatchNodes.TRACKER);
        for (String queue : queues) {
            topology.addSink(BatchNodes.callbackSink(queue), QueueTopics.of(queue).queue(), out, out, BatchNodes.TRACKER);
        }
    }
}
