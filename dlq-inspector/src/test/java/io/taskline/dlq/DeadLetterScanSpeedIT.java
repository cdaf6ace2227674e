package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.dlq.testing.DlqFixture;
import io.taskline.dlq.testing.DlqWriter;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.schemas.KafkaClientSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 100,000 dead letters, shaped like the worker writes them, scanned and filtered completely and
 * correctly. The issue asks for 10 s; the time is printed for the record, and only a sanity bound
 * is asserted (speed is measured, not asserted: BENCHMARKS.md).
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DeadLetterScanSpeedIT {

    private static final int LETTERS = 100_000;
    private static final String[] TYPES = {"send-email", "render-report", "thumbnail", "echo", "webhook"};
    /** Far above the 10 s the issue asks for, so a slow CI machine cannot flake it; the time is printed. */
    private static final Duration SANITY_BOUND = Duration.ofSeconds(60);

    private final DlqFixture fixture;

    DeadLetterScanSpeedIT(EmbeddedKafkaBroker broker) {
        this.fixture = new DlqFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void scansAndFiltersAHundredThousandDeadLettersQuickly() throws Exception {
        String queue = DlqFixture.uniqueQueue("speed");
        KafkaClientSettings settings = fixture.config(Map.of()).kafka();
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            admin.ensure(QueueSpec.of(queue), OptionalInt.of(3));
        }
        long bytes = DlqWriter.write(settings, queue, LETTERS, i -> TYPES[i % TYPES.length],
                i -> (i / TYPES.length) % 2 == 0 ? "upstream timeout after 30s" : "connection refused");

        try (DeadLetterReader reader = DeadLetterReader.create(fixture.config(Map.of()))) {
            DeadLetterFilter filter = DeadLetterFilter.builder().type("render-report").errorText("timeout")
                    .since(Instant.parse("2026-01-01T00:00:00Z")).build();
            long start = System.nanoTime();
            ScanResult filtered = reader.scan(queue, filter, 50);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            DeadLetterFilter byMessage = DeadLetterFilter.builder().errorText("timeout").build();
            start = System.nanoTime();
            ScanResult decodedAll = reader.scan(queue, byMessage, 50);
            Duration tookDecodedAll = Duration.ofNanos(System.nanoTime() - start);
            start = System.nanoTime();
            ScanResult everything = reader.scan(queue, DeadLetterFilter.all());
            Duration tookAll = Duration.ofNanos(System.nanoTime() - start);

            System.out.printf("DLQ scan of %,d dead letters (%,d MB): [%s] limit 50: %d ms, %,d matched;"
                            + " [%s] (every record decoded) limit 50: %d ms, %,d matched;"
                            + " no filter, all %,d kept: %d ms%n", filtered.scanned(), bytes / 1_000_000,
                    filter, took.toMillis(), filtered.matched(), byMessage, tookDecodedAll.toMillis(),
                    decodedAll.matched(), everything.letters().size(), tookAll.toMillis());
            assertThat(decodedAll.matched()).isEqualTo(LETTERS / 2);
            assertThat(tookDecodedAll).isLessThan(SANITY_BOUND);
            assertThat(filtered.scanned()).isEqualTo(LETTERS);
            assertThat(filtered.matched()).isEqualTo(LETTERS / TYPES.length / 2);
            assertThat(filtered.letters()).hasSize(50);
            assertThat(everything.letters()).hasSize(LETTERS);
            assertThat(took).isLessThan(SANITY_BOUND);
        }
    }
}
