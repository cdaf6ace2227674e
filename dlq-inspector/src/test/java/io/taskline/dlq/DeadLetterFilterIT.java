package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.dlq.testing.DlqFixture;
import io.taskline.dlq.testing.SwitchableHandler;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.Worker;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.JsonRecords;
import io.taskline.schemas.UndecodableRecordException;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.Report;
import io.taskline.schemas.examples.WelcomeEmail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One mixed DLQ, made for real by a worker whose handlers fail in different ways, plus a garbage
 * record: each filter selects exactly the intended dead letters, and reading joins no group.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterFilterIT {

    /** A failure class of the test's own, to filter by a nested class's simple name. */
    static final class PdfRenderException extends RuntimeException {
        PdfRenderException(String message) {
            super(message);
        }
    }

    private static final byte[] GARBAGE = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);

    private final DlqFixture fixture;
    private final String queue = DlqFixture.uniqueQueue("mixed");
    private final Map<String, String> names = new HashMap<>();
    private DeadLetterReader reader;
    private Instant between;

    DeadLetterFilterIT(EmbeddedKafkaBroker broker) {
        this.fixture = new DlqFixture(broker.bootstrapServers());
    }

    @BeforeAll
    void makeAMixedDeadLetterQueue() throws Exception {
        SwitchableHandler<WelcomeEmail> email = SwitchableHandler.failing(WelcomeEmail.class, p ->
                p.getTo().startsWith("unknown") ? new NonRetryableException("mailbox unknown: " + p.getTo())
                        : new IllegalStateException("SMTP server down"));
        SwitchableHandler<Report> report = SwitchableHandler.failing(Report.class,
                p -> new PdfRenderException("font missing for " + p.getAccount()));
        SwitchableHandler<Message> echo = SwitchableHandler.failing(Message.class,
                p -> p.getMessage().startsWith("ok") ? null : new IllegalArgumentException("bad input " + p.getMessage()));
        Worker worker = fixture.startWorker(queue, "1s", 2,
                Map.of("send-email", email, "render-report", report, "echo", echo));
        TaskPublisher publisher = fixture.publisher();
        reader = fixture.track(DeadLetterReader.create(fixture.config(Map.of())));

        publish(publisher, "smtp-1", "send-email", "u-1", email("ann@example.com"));
        publish(publisher, "mailbox", "send-email", "u-2", email("unknown@example.com"));
        publish(publisher, "pdf-1", "render-report", "acct-1", report("acct-1"));
        publish(publisher, "echo", "echo", null, Message.newBuilder().setMessage("broken").build());
        String ok = publish(publisher, "ok", "echo", "u-1", Message.newBuilder().setMessage("ok").build());
        awaitDeadLetters(4);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> echo.successes(ok).size() == 1);
        between = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        publish(publisher, "smtp-2", "send-email", "u-1", email("bob@example.com"));
        publish(publisher, "pdf-2", "render-report", "u-1", report("acct-2"));
        fixture.rawProducer().send(new ProducerRecord<>(queue, "k-garbage".getBytes(StandardCharsets.UTF_8), GARBAGE))
                .get();
        awaitDeadLetters(7);
        fixture.closeNow(worker);
    }

    @AfterAll
    void closeAll() throws Exception {
        fixture.close();
    }

    private String publish(TaskPublisher publisher, String name, String type, String key,
                           GenericContainer payload) {
        TaskRequest.Builder request = TaskRequest.to(queue).type(type).payload(payload);
        if (key != null) {
            request.key(key);
        }
        String id = publisher.publish(request.build()).join().id();
        names.put(id, name);
        return id;
    }

    private static WelcomeEmail email(String to) {
        return WelcomeEmail.newBuilder().setTo(to).setName("Ann").build();
    }

    private static Report report(String account) {
        return Report.newBuilder().setAccount(account).setMonth("2026-01").build();
    }

    private void awaitDeadLetters(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> reader.scan(queue, DeadLetterFilter.all()).scanned() >= count);
    }

    /** The names of the dead letters {@code filter} selects; the garbage record is "garbage". */
    private Set<String> select(DeadLetterFilter.Builder filter) {
        return reader.scan(queue, filter.build()).letters().stream()
                .map(l -> l.undecodable() ? "garbage" : names.get(l.taskId()))
                .collect(Collectors.toSet());
    }

    private String idOf(String name) {
        return names.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst().orElseThrow().getKey();
    }

    @Test
    void theDlqHoldsExactlyTheFailedTasksAndTheGarbage() {
        assertThat(select(DeadLetterFilter.builder()))
                .containsExactlyInAnyOrder("smtp-1", "mailbox", "pdf-1", "echo", "smtp-2", "pdf-2", "garbage");
    }

    @Test
    void eachFilterAloneSelectsExactlyTheIntendedDeadLetters() {
        assertThat(select(DeadLetterFilter.builder().type("send-email"))).containsExactlyInAnyOrder("smtp-1", "mailbox", "smtp-2");
        assertThat(select(DeadLetterFilter.builder().type("render-report"))).containsExactlyInAnyOrder("pdf-1", "pdf-2");
        assertThat(select(DeadLetterFilter.builder().type(DeadLetter.UNDECODABLE_TYPE))).containsExactly("garbage");
        assertThat(select(DeadLetterFilter.builder().key("u-1"))).containsExactlyInAnyOrder("smtp-1", "smtp-2", "pdf-2");
        assertThat(select(DeadLetterFilter.builder().key("k-garbage"))).containsExactly("garbage");
        assertThat(select(DeadLetterFilter.builder().errorText("smtp"))).containsExactlyInAnyOrder("smtp-1", "smtp-2");
        assertThat(select(DeadLetterFilter.builder().errorText("MAILBOX"))).containsExactly("mailbox");
        assertThat(select(DeadLetterFilter.builder().errorText("pdfrender"))).containsExactlyInAnyOrder("pdf-1", "pdf-2");
        assertThat(select(DeadLetterFilter.builder().errorClass("java.lang.IllegalStateException")))
                .containsExactlyInAnyOrder("smtp-1", "smtp-2");
        assertThat(select(DeadLetterFilter.builder().errorClass("PdfRenderException")))
                .containsExactlyInAnyOrder("pdf-1", "pdf-2");
        assertThat(select(DeadLetterFilter.builder().errorClass(NonRetryableException.class.getName())))
                .containsExactly("mailbox");
        assertThat(select(DeadLetterFilter.builder().errorClass("IllegalArgumentException"))).containsExactly("echo");
        assertThat(select(DeadLetterFilter.builder().since(between)))
                .containsExactlyInAnyOrder("smtp-2", "pdf-2", "garbage");
        assertThat(select(DeadLetterFilter.builder().until(between)))
                .containsExactlyInAnyOrder("smtp-1", "mailbox", "pdf-1", "echo");
        assertThat(select(DeadLetterFilter.builder().id(idOf("pdf-1")))).containsExactly("pdf-1");
        assertThat(select(DeadLetterFilter.builder().id(idOf("ok")))).as("a task that succeeded").isEmpty();
    }

    @Test
    void combinedFiltersAndTogether() {
        assertThat(select(DeadLetterFilter.builder().type("send-email").key("u-1")))
                .containsExactlyInAnyOrder("smtp-1", "smtp-2");
        assertThat(select(DeadLetterFilter.builder().type("send-email").key("u-1").since(between)))
                .containsExactly("smtp-2");
        assertThat(select(DeadLetterFilter.builder().key("u-1").errorClass("PdfRenderException"))).containsExactly("pdf-2");
        assertThat(select(DeadLetterFilter.builder().errorText("down").until(between))).containsExactly("smtp-1");
        assertThat(select(DeadLetterFilter.builder().type("echo").key("u-1"))).isEmpty();
    }

    @Test
    void aDeadLetterSaysWhatFailedHowOftenAndWhereItCameFrom() {
        DeadLetter smtp = reader.find(queue, idOf("smtp-1")).orElseThrow();
        assertThat(smtp.type()).isEqualTo("send-email");
        assertThat(smtp.key()).isEqualTo("u-1");
        assertThat(smtp.attempts()).isEqualTo(2);
        assertThat(smtp.errorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(smtp.errorMessage()).isEqualTo("SMTP server down");
        assertThat(smtp.reason()).isEqualTo("failed 2 of 2 attempts");
        assertThat(smtp.originalTopic()).isEqualTo(queue);
        assertThat(smtp.originalPartition()).isNotNull();
        assertThat(smtp.originalOffset()).isNotNull();
        assertThat(smtp.deadAt()).isBefore(between);
        assertThat(smtp.replayed()).isFalse();
        assertThat(smtp.task().getFailures()).hasSize(2);

        DeadLetter mailbox = reader.find(queue, idOf("mailbox")).orElseThrow();
        assertThat(mailbox.attempts()).isEqualTo(1);
        assertThat(mailbox.reason()).startsWith("non-retryable");

        DeadLetter garbage = reader.scan(queue, DeadLetterFilter.builder().type(DeadLetter.UNDECODABLE_TYPE).build())
                .letters().get(0);
        assertThat(garbage.rawSize()).isEqualTo(GARBAGE.length);
        assertThat(garbage.rawValue()).isEqualTo(GARBAGE);
        assertThat(garbage.reason()).contains("not Avro single-object encoded");
        assertThat(garbage.task()).isNull();
        assertThat(reader.find(queue, "no-such-task")).isEmpty();
    }

    @Test
    void aLimitKeepsTheOldestDeathsAndSaysMoreMatched() {
        ScanResult all = reader.scan(queue, DeadLetterFilter.all());
        ScanResult three = reader.scan(queue, DeadLetterFilter.all(), 3);
        assertThat(three.letters()).containsExactlyElementsOf(all.letters().subList(0, 3));
        assertThat(three.matched()).isEqualTo(7);
        assertThat(three.scanned()).isEqualTo(7);
        assertThat(three.limited()).isTrue();
        assertThat(all.limited()).isFalse();
        List<Instant> times = all.letters().stream().map(DeadLetter::deadAt).toList();
        assertThat(times).isSorted();
    }

    @Test
    void streamingHandsOverTheSameLettersAndReportsProgress() {
        List<DeadLetter> streamed = new ArrayList<>();
        List<long[]> progress = new ArrayList<>();
        ScanResult counts = reader.stream(queue, DeadLetterFilter.builder().key("u-1").build(), streamed::add,
                (done, total) -> progress.add(new long[] {done, total}));
        assertThat(counts.matched()).isEqualTo(3);
        assertThat(streamed).extracting(DeadLetter::position).containsExactlyInAnyOrderElementsOf(
                reader.scan(queue, DeadLetterFilter.builder().key("u-1").build()).letters().stream()
                        .map(DeadLetter::position).toList());
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).as("offsets read, markers included").isEqualTo(last[1]).isGreaterThanOrEqualTo(7);
        assertThat(progress).extracting(p -> p[0]).isSorted();
    }

    @Test
    void thePayloadShowsAsJsonThroughItsOwnSchemaWithRedaction() {
        DeadLetter smtp = reader.find(queue, idOf("smtp-1")).orElseThrow();
        String json = DeadLetterPayloads.payloadAsJson(smtp, reader.registry());
        assertThat(JsonRecords.parse(json)).isEqualTo(JsonRecords.parse(
                "{\"to\":\"ann@example.com\",\"name\":\"Ann\",\"locale\":\"en\"}"));
        assertThat(Redactor.parse("to").redact(json)).isEqualTo("{\"to\":\"***\",\"name\":\"Ann\",\"locale\":\"en\"}");

        DeadLetter garbage = reader.scan(queue, DeadLetterFilter.builder().key("k-garbage").build()).letters().get(0);
        assertThatThrownBy(() -> DeadLetterPayloads.payloadAsJson(garbage, reader.registry()))
                .isInstanceOf(UndecodableRecordException.class).hasMessageContaining("undecodable");
    }

    @Test
    void readingCreatesAndJoinsNoConsumerGroup() throws Exception {
        Set<String> before = fixture.groups();
        reader.scan(queue, DeadLetterFilter.all());
        reader.find(queue, idOf("echo"));
        reader.stream(queue, DeadLetterFilter.all(), l -> { }, ProgressListener.NONE);
        ReplayLedger.of(fixture.config(Map.of()).kafka()).read(queue);
        try (DeadLetterReader other = DeadLetterReader.create(fixture.config(Map.of()))) {
            other.scan(queue, DeadLetterFilter.builder().type("echo").build());
        }
        assertThat(fixture.groups()).isEqualTo(before);
    }

    @Test
    void aQueueWithoutADeadLetterTopicIsNamedInTheError() {
        assertThatThrownBy(() -> reader.scan("no-such-queue", DeadLetterFilter.all()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-queue.dlq").hasMessageContaining("taskline topics create");
        assertThatThrownBy(() -> reader.scan("bad queue!", DeadLetterFilter.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad queue!'");
    }
}
