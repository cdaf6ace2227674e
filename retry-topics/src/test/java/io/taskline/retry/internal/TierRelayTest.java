package io.taskline.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.schemas.TaskHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the relay's transactions end when Kafka does not answer: the client calls fail as the real
 * producer's do once {@code max.block.ms} passes (a {@link TimeoutException}). The relay against a
 * real broker that goes away is {@code RetryRelayOutageIT}.
 */
class TierRelayTest {

    private static final String TIER = "q.retry.1s";
    private static final String QUEUE = "q";
    private static final TopicPartition PARTITION = new TopicPartition(TIER, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final Deque<Producer<byte[], byte[]>> nextProducers = new ArrayDeque<>();
    private final List<Producer<byte[], byte[]>> made = new ArrayList<>();
    private TierRelay relay;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (relay != null) {
            relay.close();
            thread.join(10_000);
        }
    }

    @Test
    void aProducerThatCannotAbortIsReplacedAndTheNextOneForwardsTheRecords() {
        CountingProducer stuck = new CountingProducer();
        stuck.sendOffsetsToTransactionException = new TimeoutException("no answer to TxnOffsetCommit");
        stuck.abortTransactionException = new TimeoutException("no answer to EndTxn(abort)");
        CountingProducer fresh = new CountingProducer();
        nextProducers.add(stuck);
        nextProducers.add(fresh);

        startRelayWithDueRecords(2);

        await("forwarded by the second producer").atMost(Duration.ofSeconds(10))
                .until(() -> fresh.history().size() == 2);
        assertThat(fresh.history()).extracting(ProducerRecord::topic).containsOnly(QUEUE);
        assertThat(fresh.consumerGroupOffsetsHistory()).last()
                .isEqualTo(Map.of("dummy.group.id", Map.of(PARTITION, new OffsetAndMetadata(2))));
        assertThat(stuck.history()).as("nothing committed by the producer that could not abort").isEmpty();
        assertThat(stuck.closed()).isTrue();
        assertThat(made).containsExactly(stuck, fresh);
        assertThat(thread.isAlive()).as("relay still running").isTrue();
        assertThat(relay.failedRounds()).isEqualTo(1);
    }

    @Test
    void aCommitWithoutAnAnswerIsAskedAgainNotAbortedSoNothingIsForwardedTwice() {
        CountingProducer slow = new CountingProducer();
        slow.commitTimeouts.set(2);
        nextProducers.add(slow);

        startRelayWithDueRecords(2);

        await("committed on the third ask").atMost(Duration.ofSeconds(10)).until(() -> slow.history().size() == 2);
        assertThat(slow.commitCalls.get()).isEqualTo(3);
        assertThat(slow.abortCalls.get()).as("aborts").isZero();
        assertThat(slow.beginCalls.get()).as("transactions begun").isEqualTo(1);
        assertThat(made).containsExactly(slow);
        assertThat(relay.failedRounds()).isEqualTo(2);
        await("released once committed").atMost(Duration.ofSeconds(10)).until(() -> relay.heldCount() == 0);
    }

    @Test
    void aProducerThatCannotStartIsTriedAgainUntilItDoes() {
        CountingProducer late = new CountingProducer();
        late.initTimeouts.set(2);
        nextProducers.add(late);

        startRelayWithDueRecords(1);

        await("forwarded once the producer started").atMost(Duration.ofSeconds(10)).until(() -> late.history().size() == 1);
        assertThat(late.initCalls.get()).isEqualTo(3);
        assertThat(relay.failedRounds()).isEqualTo(2);
    }

    @Test
    void aPartitionHoldingManyBytesOfRecordsNotYetDueStopsReadingAhead() {
        startRelayWith(5, System.currentTimeMillis() + 3_600_000, 1024 * 1024);

        await("paused at 4 MiB held").atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().contains(PARTITION));
        assertThat(relay.heldCount()).as("five records of 1 MiB, far fewer than the record limit").isEqualTo(5);
    }

    private void startRelayWithDueRecords(int count) {
        startRelayWith(count, System.currentTimeMillis() - 1, 1);
    }

    private void startRelayWith(int count, long due, int valueBytes) {
        relay = new TierRelay(TIER, QUEUE, Duration.ofSeconds(1), Clock.systemUTC(), consumer, () -> {
            Producer<byte[], byte[]> next = nextProducers.isEmpty() ? new CountingProducer() : nextProducers.poll();
            made.add(next);
            return next;
        });
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
            for (int offset = 0; offset < count; offset++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(new RecordHeader(TaskHeaders.DUE_AT, Long.toString(due).getBytes(StandardCharsets.UTF_8)));
                consumer.addRecord(new ConsumerRecord<>(TIER, 0, offset, due - 1_000, TimestampType.CREATE_TIME,
                        0, 0, ("k" + offset).getBytes(StandardCharsets.UTF_8), new byte[valueBytes], headers, Optional.empty()));
            }
        });
        thread = new Thread(relay, "tier-relay-test");
        thread.start();
    }

    /** A transactional mock producer that counts calls and can time out its first few inits or commits. */
    private static final class CountingProducer extends MockProducer<byte[], byte[]> {
        final AtomicInteger initTimeouts = new AtomicInteger();
        final AtomicInteger commitTimeouts = new AtomicInteger();
        final AtomicInteger initCalls = new AtomicInteger();
        final AtomicInteger beginCalls = new AtomicInteger();
        final AtomicInteger commitCalls = new AtomicInteger();
        final AtomicInteger abortCalls = new AtomicInteger();

        CountingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void initTransactions() {
            initCalls.incrementAndGet();
            if (initTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TimeoutException("no answer to InitProducerId");
            }
            super.initTransactions();
        }

        @Override
        public void beginTransaction() {
            beginCalls.incrementAndGet();
            super.beginTransaction();
        }

        @Override
        public void commitTransaction() {
            commitCalls.incrementAndGet();
            if (commitTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TimeoutException("no answer to EndTxn(commit)");
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            abortCalls.incrementAndGet();
            super.abortTransaction();
        }
    }
}
