package io.taskline.processors.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store whose writes wait in memory for a short while, then go to the store below
 * (and its changelog): a key written and deleted within that while never reaches the changelog.
 * A write waits until it has been pending through one full {@code window} (so between one and
 * two windows), or until Streams flushes caches before it commits offsets, whichever comes first.
 *
 * <p>That is the in-flight store's usual case: a short task enters when its record is read and
 * leaves when its outcome is routed, a few milliseconds later. The entry only has to be in the
 * changelog once the task's offset may be committed, and Streams flushes every
 * {@link CachedStateStore} before it commits offsets (in exactly-once, within the transaction); a
 * crash before that re-reads the record anyway. Streams' own cache would still write a tombstone
 * for every such key. Writing only at the commit (no window) put every longer task's entry into
 * one burst inside the commit: 50 ms tasks at concurrency 200 ran 5-7% slower than with no
 * write-behind at all, and about 2.5% slower with the window (BENCHMARKS.md), while no-op tasks
 * ran 1.2-1.36x faster. {@code CachedStateStore} is a Streams internal:
 * {@code WriteBehindStoreTest} and {@code InFlightChangelogIT} check that it is still honoured.
 *
 * <p>Scans and size write the pending entries down first. Confined to the stream thread.
 *
 * <p>Usage: {@code topology.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(...), window), processor);}
 */
public final class WriteBehindStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

    private final KeyValueStore<K, V> inner;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    /** Writes not yet in {@link #inner}, in order, in two generations; a null value is a delete. */
    private Map<K, V> older = new LinkedHashMap<>();
    private Map<K, V> younger = new LinkedHashMap<>();
    private long nextAgeNanos;

    WriteBehindStore(KeyValueStore<K, V> inner, Duration window, LongSupplier nanoTime) {
        this.inner = inner;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.nextAgeNanos = nanoTime.getAsLong() + windowNanos;
    }

    /** Builds what {@code inner} builds, with writes held back for one to two {@code window}s or until the next commit. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner,
                                                                  Duration window) {
        return builder(inner, window, System::nanoTime);
    }

    /** As {@link #builder(StoreBuilder, Duration)}, on the clock {@code nanoTime}. */
    static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner, Duration window,
                                                           LongSupplier nanoTime) {
        return new Builder<>(inner, window, nanoTime);
    }

    @Override
    public V get(K key) {
        if (younger.containsKey(key)) {
            return younger.get(key);
        }
        return older.containsKey(key) ? older.get(key) : inner.get(key);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        age();
        older.remove(key);
        younger.put(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        age();
        older.remove(key);
        younger.remove(key);
        if (inner.get(key) != null) {
            younger.put(key, null);
        }
        return old;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        flushCache();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        flushCache();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        flushCache();
        return inner.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        flushCache();
        return inner.reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        flushCache();
        return inner.prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        flushCache();
        return inner.approximateNumEntries();
    }

    /** Writes the pending entries to the store below; Streams calls it before every offset commit. */
    @Override
    public void flushCache() {
        write(older);
        write(younger);
    }

    /** Once a window has passed, writes the older generation down and makes the younger one older. */
    private void age() {
        long now = nanoTime.getAsLong();
        if (now - nextAgeNanos < 0) {
            return;
        }
        write(older);
        Map<K, V> empty = older;
        older = younger;
        younger = empty;
        nextAgeNanos = now + windowNanos;
    }

    private void write(Map<K, V> writes) {
        if (writes.isEmpty()) {
            return;
        }
        List<Map.Entry<K, V>> batch = new ArrayList<>(writes.entrySet());
        writes.clear();
        for (Map.Entry<K, V> write : batch) {
            if (write.getValue() == null) {
                inner.delete(write.getKey());
            } else {
                inner.put(write.getKey(), write.getValue());
            }
        }
    }

    /** Drops the pending entries: Streams calls it when it closes the task without committing. */
    @Override
    public void clearCache() {
        older.clear();
        younger.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void flush() {
        flushCache();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Builds the store below and puts a {@link WriteBehindStore} in front of it. */
    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> inner, Duration window, LongSupplier nanoTime)
            implements StoreBuilder<KeyValueStore<K, V>> {

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-behind store is its own cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(inner.build(), window, nanoTime);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
