package io.taskline.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What a tier relay holds between reading a record and forwarding it. */
class HeldRecordsTest {

    private static final TopicPartition P0 = new TopicPartition("q.retry.5s", 0);
    private static final TopicPartition P1 = new TopicPartition("q.retry.5s", 1);

    private final HeldRecords held = new HeldRecords();

    @Test
    void onlyTheDuePrefixOfEachPartitionIsDue() {
        held.hold(P0, record(P0, 10), 1_000);
        held.hold(P0, record(P0, 11), 2_000);
        held.hold(P0, record(P0, 12), 1_500);
        held.hold(P1, record(P1, 7), 900);

        assertThat(offsets(held.due(999))).containsExactly("1@7");
        assertThat(offsets(held.due(1_000))).containsExactlyInAnyOrder("0@10", "1@7");
        assertThat(offsets(held.due(1_999))).as("12 waits behind 11, which is not due")
                .containsExactlyInAnyOrder("0@10", "1@7");
        assertThat(offsets(held.due(2_000))).containsExactlyInAnyOrder("0@10", "0@11", "0@12", "1@7");
        assertThat(held.due(899)).isEmpty();
    }

    @Test
    void theBytesHeldPerPartitionFollowHoldReleaseAndForget() {
        held.hold(P0, record(P0, 10), 1_000);
        held.hold(P0, record(P0, 11), 2_000);
        held.hold(P1, record(P1, 7), 900);
        long one = held.bytes(P1);

        assertThat(one).isPositive();
        assertThat(held.bytes(P0)).isEqualTo(2 * one);
        held.release(held.due(1_000));
        assertThat(held.bytes(P0)).isEqualTo(one);
        assertThat(held.bytes(P1)).isZero();
        held.forget(List.of(P0));
        assertThat(held.bytes(P0)).isZero();
    }

    @Test
    void recordsStayHeldUntilReleasedSoAnAbortedForwardSendsThemAgain() {
        held.hold(P0, record(P0, 10), 1_000);

        assertThat(offsets(held.due(1_000))).containsExactly("0@10");
        assertThat(offsets(held.due(1_000))).as("not released yet").containsExactly("0@10");

        held.release(held.due(1_000));
        assertThat(held.due(5_000)).isEmpty();
        assertThat(held.count(P0)).isZero();
        assertThat(held.nextDue()).isEmpty();
    }

    @Test
    void theCommittedOffsetIsTheFirstRecordStillHeld() {
        held.hold(P0, record(P0, 10), 1_000);
        held.hold(P0, record(P0, 11), 1_000);
        held.hold(P0, record(P0, 14), 3_000);

        assertThat(held.offsetAfter(P0, 2)).hasValue(14);
        assertThat(held.offsetAfter(P0, 3)).as("nothing left: the consumer's position is used").isEmpty();
        assertThat(held.offsetAfter(P1, 0)).isEmpty();
    }

    @Test
    void nextDueIsTheEarliestHeadAndForgottenPartitionsAreDropped() {
        held.hold(P0, record(P0, 10), 3_000);
        held.hold(P1, record(P1, 7), 2_000);
        held.hold(P1, record(P1, 8), 2_500);

        assertThat(held.nextDue()).isEqualTo(OptionalLong.of(2_000));
        held.forget(List.of(P1));
        assertThat(held.nextDue()).isEqualTo(OptionalLong.of(3_000));
        assertThat(held.count(P1)).isZero();
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0], new byte[16]);
    }

    private static List<String> offsets(List<HeldRecords.Held> due) {
        return due.stream().map(h -> h.record().partition() + "@" + h.record().offset()).toList();
    }
}
