package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskline.dlq.internal.TopicScan;
import io.taskline.dlq.testing.DlqFixture;
import io.taskline.dlq.testing.DlqWriter;
import io.taskline.dlq.testing.SwitchableHandler;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.Worker;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.QueueSpec;
import io.taskline.retry.QueueTopicAdmin;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.KafkaClientSettings;
import io.taskline.schemas.KafkaSchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.Report;
import io.taskline.schemas.examples.WelcomeEmail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replays against a real worker: run again once, recorded once, nothing written by a dry run or a bad edit. */
@ExtendWith(EmbeddedKafkaExtension.class)
class DeadLetterReplayIT {

    private static final Duration AT_MOST = Duration.ofSeconds(90);

    private final DlqFixture fixture;

    DeadLetterReplayIT(EmbeddedKafkaBroker broker) {
        this.fixture = new DlqFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    private DeadLetterReplayer replayer(Map<String, ?> extra) {
        return fixture.track(DeadLetterReplayer.create(fixture.config(extra)));
    }

    private static String publish(TaskPublisher publisher, String queue, String type, String key,
                                  GenericContainer payload) {
        return publisher.publish(TaskRequest.to(queue).type(type).key(key).payload(payload).build()).join().id();
    }

    private static Message message(String text) {
        return Message.newBuilder().setMessage(text).build();
    }

    private static WelcomeEmail email(String to) {
        return WelcomeEmail.newBuilder().setTo(to).setName("Ann").setLocale("nb").build();
    }

    private void awaitDeadLetters(DeadLetterReader reader, String queue, int count) {
        await().atMost(AT_MOST).pollInterval(Duration.ofMillis(300))
                .until(() -> reader.scan(queue, DeadLetterFilter.all()).scanned() >= count);
    }

    @Test
    void selectedDeadLettersRunAgainAndSucceedExactlyOnceAfterTheHandlerIsFixed() throws Exception {
        String queue = DlqFixture.uniqueQueue("replay");
        SwitchableHandler<WelcomeEmail> email = SwitchableHandler.failing(WelcomeEmail.class,
                p -> new IllegalStateException("SMTP server down"));
        SwitchableHandler<Message> echo = SwitchableHandler.failing(Message.class, p -> new IllegalArgumentException("no"));
        fixture.startWorker(queue, "1s", 1, Map.of("send-email", email, "echo", echo));
        TaskPublisher publisher = fixture.publisher();
        List<String> emails = List.of(publish(publisher, queue, "send-email", "u-1", email("a@example.com")),
                publish(publisher, queue, "send-email", "u-2", email("b@example.com")),
                publish(publisher, queue, "send-email", "u-3", email("c@example.com")));
        String echoId = publish(publisher, queue, "echo", "u-1", message("stays dead"));
        DeadLetterReplayer replayer = replayer(Map.of());
        awaitDeadLetters(replayer.reader(), queue, 4);

        email.fix();
        ReplayPlan plan = replayer.plan(queue, DeadLetterFilter.builder().type("send-email").build(),
                ReplayOptions.builder().by("tester@ci").build());
        assertThat(plan.toReplay()).extracting(DeadLetter::taskId).containsExactlyInAnyOrderElementsOf(emails);
        List<long[]> progress = new ArrayList<>();
        ReplayResult result = replayer.replay(plan, (done, total) -> progress.add(new long[] {done, total}));

        assertThat(result.replayedCount()).isEqualTo(3);
        assertThat(result.skipped()).isEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(3, 3);
        for (ReplayResult.Replayed r : result.replayed()) {
            DeadLetter letter = plan.toReplay().stream().filter(l -> l.taskId().equals(r.taskId())).findFirst().orElseThrow();
            assertThat(r.partition()).as("same key, same partition").isEqualTo(letter.originalPartition());
            assertThat(r.dlqOffset()).isEqualTo(letter.offset());
        }
        await().atMost(AT_MOST).until(() -> emails.stream().allMatch(id -> email.successes(id).size() == 1));
        await().atMost(AT_MOST).until(() -> fixture.workerCaughtUp(queue));
        for (String id : emails) {
            assertThat(email.successes(id)).as("task %s succeeded once", id).hasSize(1);
            assertThat(email.executions(id)).as("one failure, one success").isEqualTo(2);
        }
        assertThat(echo.executions(echoId)).as("not selected, not replayed").isEqualTo(1);
        assertThat(email.seen().stream().filter(s -> s.attempt() == 1).count()).as("every run was attempt 1").isEqualTo(6);

        assertThat(replayer.reader().scan(queue, DeadLetterFilter.all()).letters())
                .allSatisfy(l -> assertThat(l.replayed()).isEqualTo(!l.taskId().equals(echoId)));
        Map<String, ReplayLedger.Entry> ledger = ReplayLedger.of(fixture.config(Map.of()).kafka()).read(queue);
        assertThat(ledger).hasSize(3);
        for (ReplayResult.Replayed r : result.replayed()) {
            ReplayLedger.Entry entry = ledger.get(ReplayLedger.key(r.dlqPartition(), r.dlqOffset()));
            assertThat(entry.taskId()).isEqualTo(r.taskId());
            assertThat(entry.to()).isEqualTo(queue);
            assertThat(entry.partition()).isEqualTo(r.partition());
            assertThat(entry.offset()).isEqualTo(r.offset());
            assertThat(entry.by()).isEqualTo("tester@ci");
        }
    }

    @Test
    void aSecondIdenticalReplayPublishesNothingAndForceDoes() throws Exception {
        String queue = DlqFixture.uniqueQueue("again");
        SwitchableHandler<Message> echo = SwitchableHandler.failing(Message.class, p -> new IllegalStateException("down"));
        fixture.startWorker(queue, "1s", 1, Map.of("echo", echo));
        TaskPublisher publisher = fixture.publisher();
        List<String> ids = List.of(publish(publisher, queue, "echo", "k-1", message("one")),
                publish(publisher, queue, "echo", "k-2", message("two")));
        DeadLetterReplayer replayer = replayer(Map.of(DeadLetterConfig.REPLAY_BATCH_SIZE_CONFIG, "1"));
        awaitDeadLetters(replayer.reader(), queue, 2);
        echo.fix();
        DeadLetterFilter filter = DeadLetterFilter.builder().type("echo").build();

        List<long[]> progress = new ArrayList<>();
        ReplayResult first = replayer.replay(replayer.plan(queue, filter, ReplayOptions.defaults()),
                (done, total) -> progress.add(new long[] {done, total}));
        assertThat(first.replayedCount()).isEqualTo(2);
        assertThat(progress).as("one update per one-task batch").extracting(p -> p[0]).containsExactly(0L, 1L, 2L);
        await().atMost(AT_MOST).until(() -> ids.stream().allMatch(id -> echo.successes(id).size() == 1));
        await().atMost(AT_MOST).until(() -> fixture.workerCaughtUp(queue));

        long queueEnd = fixture.endOffsets(queue);
        long ledgerEnd = fixture.endOffsets(ReplayLedger.topicOf(queue));
        ReplayPlan again = replayer.plan(queue, filter, ReplayOptions.defaults());
        assertThat(again.toReplay()).isEmpty();
        assertThat(again.alreadyReplayed()).hasSize(2);
        ReplayResult second = replayer.replay(again);
        assertThat(second.replayedCount()).isZero();
        assertThat(second.skippedAlreadyReplayed()).isEqualTo(2);
        assertThat(fixture.endOffsets(queue)).as("nothing published").isEqualTo(queueEnd);
        assertThat(fixture.endOffsets(ReplayLedger.topicOf(queue))).isEqualTo(ledgerEnd);

        ReplayResult forced = replayer.replay(replayer.plan(queue, filter, ReplayOptions.builder().force(true).build()));
        assertThat(forced.replayedCount()).isEqualTo(2);
        assertThat(fixture.endOffsets(queue)).as("published again").isGreaterThan(queueEnd);
        await().atMost(AT_MOST).until(() -> fixture.workerCaughtUp(queue));
        assertThat(ids).allSatisfy(id -> assertThat(echo.successes(id)).as("the worker skips a completed id").hasSize(1));
    }

    @Test
    void aDryRunAndARejectedSetLeaveEveryTopicsEndOffsetUnchanged() throws Exception {
        String queue = DlqFixture.uniqueQueue("dry");
        SwitchableHandler<WelcomeEmail> email = SwitchableHandler.failing(WelcomeEmail.class,
                p -> new IllegalStateException("down"));
        SwitchableHandler<Report> report = SwitchableHandler.failing(Report.class, p -> new IllegalStateException("down"));
        Worker worker = fixture.startWorker(queue, "1s", 1, Map.of("send-email", email, "render-report", report));
        TaskPublisher publisher = fixture.publisher();
        publish(publisher, queue, "send-email", "u-1", email("a@example.com"));
        publish(publisher, queue, "render-report", "acct-1",
                Report.newBuilder().setAccount("acct-1").setMonth("2026-01").build());
        fixture.rawProducer().send(new ProducerRecord<>(queue, new byte[] {1}, new byte[] {2})).get();
        DeadLetterReplayer replayer = replayer(Map.of());
        awaitDeadLetters(replayer.reader(), queue, 3);
        fixture.closeNow(worker);
        Map<String, Long> before = fixture.allEndOffsets();
        DeadLetterFilter emails = DeadLetterFilter.builder().type("send-email").build();
        DeadLetterFilter reports = DeadLetterFilter.builder().type("render-report").build();

        List<long[]> scanned = new ArrayList<>();
        ReplayPlan all = replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.defaults(),
                (done, total) -> scanned.add(new long[] {done, total}));
        assertThat(all.toReplay()).hasSize(2);
        long[] last = scanned.get(scanned.size() - 1);
        assertThat(last[0]).as("the whole DLQ read, transaction markers included").isEqualTo(last[1])
                .isGreaterThanOrEqualTo(3);
        assertThat(all.undecodable()).hasSize(1);
        assertThat(replayer.plan(queue, emails, ReplayOptions.builder().set("name=Bo").build()).toReplay()).hasSize(1);
        assertThatThrownBy(() -> replayer.plan(queue, emails, ReplayOptions.builder().set("nmae=Bo").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'nmae'")
                .hasMessageContaining("WelcomeEmail");
        assertThatThrownBy(() -> replayer.plan(queue, reports, ReplayOptions.builder().set("lines=abc").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'lines'")
                .hasMessageContaining("expected int");
        assertThatThrownBy(() -> replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.builder().set("lines=5").build()))
                .as("one letter it does not fit refuses the whole replay")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'lines'");
        assertThatThrownBy(() -> replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.builder().to("nowhere-" + queue).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nowhere-" + queue + "'")
                .hasMessageContaining("taskline topics create");

        assertThat(fixture.allEndOffsets()).isEqualTo(before);
        assertThat(before.keySet()).noneMatch(tp -> tp.startsWith(ReplayLedger.topicOf(queue)));
    }

    @Test
    void setFixesAPayloadSoTheReplayedTaskSucceedsAndUndecodableLettersAreSkipped() throws Exception {
        String queue = DlqFixture.uniqueQueue("fix");
        SwitchableHandler<WelcomeEmail> email = SwitchableHandler.failing(WelcomeEmail.class,
                p -> p.getTo().contains("@") ? null : new IllegalArgumentException("bad address " + p.getTo()));
        fixture.startWorker(queue, "1s", 1, Map.of("send-email", email));
        String id = publish(fixture.publisher(), queue, "send-email", "u-1", email("ann.example.com"));
        fixture.rawProducer().send(new ProducerRecord<>(queue, "k".getBytes(StandardCharsets.UTF_8),
                "garbage".getBytes(StandardCharsets.UTF_8))).get();
        DeadLetterReplayer replayer = replayer(Map.of());
        awaitDeadLetters(replayer.reader(), queue, 2);

        ReplayPlan plan = replayer.plan(queue, DeadLetterFilter.all(),
                ReplayOptions.builder().set("to=ann@example.com").build());
        ReplayResult result = replayer.replay(plan);

        assertThat(result.replayedCount()).isEqualTo(1);
        assertThat(result.skippedUndecodable()).isEqualTo(1);
        assertThat(result.skipped()).singleElement().satisfies(s -> {
            assertThat(s.reason()).isEqualTo(ReplayResult.SkipReason.UNDECODABLE);
            assertThat(s.detail()).contains("not Avro single-object encoded");
        });
        await().atMost(AT_MOST).until(() -> email.successes(id).size() == 1);
        WelcomeEmail fixed = email.successes(id).get(0);
        assertThat(fixed.getTo()).isEqualTo("ann@example.com");
        assertThat(fixed.getName()).isEqualTo("Ann");
        assertThat(fixed.getLocale()).isEqualTo("nb");
        assertThat(email.executions(id)).isEqualTo(2);
    }

    @Test
    void replayingToAnotherQueueKeepsKeyIdAndLineageAndCanKeepTheAttemptCount() throws Exception {
        String queue = DlqFixture.uniqueQueue("from");
        String target = DlqFixture.uniqueQueue("to");
        SwitchableHandler<Message> echo = SwitchableHandler.failing(Message.class, p -> new IllegalStateException("down"));
        fixture.startWorker(queue, "1s", 2, Map.of("echo", echo));
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(fixture.config(Map.of()).kafka())) {
            admin.ensure(QueueSpec.of(target), OptionalInt.of(3));
        }
        String id = fixture.publisher().publish(TaskRequest.to(queue).type("echo").key("u-7")
                .header("tenant", "acme").payload(message("hello")).build()).join().id();
        DeadLetterReplayer replayer = replayer(Map.of());
        awaitDeadLetters(replayer.reader(), queue, 1);
        DeadLetter letter = replayer.reader().find(queue, id).orElseThrow();

        ReplayResult result = replayer.replay(replayer.plan(queue, DeadLetterFilter.builder().id(id).build(),
                ReplayOptions.builder().to(target).keepAttempts(true).by("ops@box").build()));

        assertThat(result.targetQueue()).isEqualTo(target);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        new TopicScan(fixture.config(Map.of()).kafka()).readAll(target, records::add, ProgressListener.NONE);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("u-7");
            assertThat(r.partition()).isEqualTo(letter.originalPartition()).isEqualTo(result.replayed().get(0).partition());
        });
        try (KafkaSchemaRegistry registry = KafkaSchemaRegistry.connect(fixture.config(Map.of()).kafka())) {
            Task task = new SingleObjectCodec(registry).decode(records.get(0).value(), Task.class);
            assertThat(task.getId()).isEqualTo(id);
            assertThat(task.getQueue()).isEqualTo(target);
            assertThat(task.getAttempt()).as("kept").isEqualTo(2);
            assertThat(task.getFailures()).hasSize(2);
            assertThat(task.getHeaders()).containsEntry("tenant", "acme");
            assertThat(task.getPayload()).isEqualTo(letter.task().getPayload());
            assertThat(task.getReplays()).singleElement().satisfies(r -> {
                assertThat(r.getFromTopic()).isEqualTo(QueueTopics.of(queue).dlq());
                assertThat(r.getFromPartition()).isEqualTo(letter.partition());
                assertThat(r.getFromOffset()).isEqualTo(letter.offset());
                assertThat(r.getBy()).isEqualTo("ops@box");
            });
        }
    }

    @Test
    void aBatchWhoseLedgerEntriesCannotBeWrittenSendsNoTaskAndTheSameReplayLaterSucceeds() throws Exception {
        String queue = DlqFixture.uniqueQueue("atomic");
        KafkaClientSettings settings = fixture.config(Map.of()).kafka();
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            admin.ensure(QueueSpec.of(queue), OptionalInt.of(3));
        }
        DlqWriter.write(settings, queue, 3, i -> "echo", i -> "down");
        ConfigResource ledgerTopic = new ConfigResource(ConfigResource.Type.TOPIC, ReplayLedger.topicOf(queue));
        try (Admin admin = Admin.create(settings.asMap())) {
            // A ledger that refuses every entry: each is larger than the topic's record size limit,
            // which still takes the transaction markers (about 80 bytes), so the batch can be aborted.
            admin.createTopics(List.of(new NewTopic(ledgerTopic.name(), 3, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "120")))).all().get();
        }
        DeadLetterReplayer replayer = replayer(Map.of(DeadLetterConfig.REPLAY_BATCH_SIZE_CONFIG, "2"));
        ReplayPlan plan = replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.defaults());

        assertThatThrownBy(() -> replayer.replay(plan)).isInstanceOf(ReplayFailedException.class)
                .hasMessageContaining("stopped after 0 of 3")
                .satisfies(e -> assertThat(((ReplayFailedException) e).partial().replayedCount()).isZero());
        assertThat(committedRecords(settings, queue)).as("the aborted batch is invisible").isZero();
        assertThat(ReplayLedger.of(settings).read(queue)).isEmpty();

        try (Admin admin = Admin.create(settings.asMap())) {
            admin.incrementalAlterConfigs(Map.of(ledgerTopic, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)))).all().get();
        }
        ReplayResult retried = replayer.replay(replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.defaults()));
        assertThat(retried.replayedCount()).isEqualTo(3);
        assertThat(committedRecords(settings, queue)).isEqualTo(3);
        assertThat(ReplayLedger.of(settings).read(queue)).hasSize(3);
    }

    @Test
    void twoReplaysOfOneDlqAtOnceRepublishEachLetterOnce() throws Exception {
        String queue = DlqFixture.uniqueQueue("twice");
        KafkaClientSettings settings = fixture.config(Map.of()).kafka();
        try (QueueTopicAdmin admin = QueueTopicAdmin.create(settings)) {
            admin.ensure(QueueSpec.of(queue), OptionalInt.of(3));
        }
        DlqWriter.write(settings, queue, 4, i -> "echo", i -> "down");
        DeadLetterReplayer first = replayer(Map.of(DeadLetterConfig.REPLAY_BATCH_SIZE_CONFIG, "1"));
        DeadLetterReplayer second = replayer(Map.of(DeadLetterConfig.REPLAY_BATCH_SIZE_CONFIG, "1"));
        // Both planned before either replays: each sees four letters to replay.
        ReplayPlan firstPlan = first.plan(queue, DeadLetterFilter.all(), ReplayOptions.defaults());
        ReplayPlan secondPlan = second.plan(queue, DeadLetterFilter.all(), ReplayOptions.defaults());
        CountDownLatch firstBatchCommitted = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        CompletableFuture<ReplayResult> firstRun = CompletableFuture.supplyAsync(() -> first.replay(firstPlan,
                (done, total) -> {
                    if (done == 1) {
                        firstBatchCommitted.countDown();
                        await("the second replay").atMost(AT_MOST).until(() -> secondDone.getCount() == 0);
                    }
                }));
        assertThat(firstBatchCommitted.await(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();

        ReplayResult secondResult = second.replay(secondPlan);
        secondDone.countDown();

        assertThat(secondResult.replayedCount()).as("the second replays what the first had not").isEqualTo(3);
        assertThatThrownBy(firstRun::join).hasCauseInstanceOf(ReplayFailedException.class)
                .cause().hasMessageContaining("another replay of " + queue + "'s dead letters started")
                .satisfies(e -> assertThat(((ReplayFailedException) e).partial().replayedCount()).isEqualTo(1));
        assertThat(committedRecords(settings, queue)).as("each of the four letters once on the queue").isEqualTo(4);
        assertThat(ReplayLedger.of(settings).read(queue)).hasSize(4);
    }

    private static long committedRecords(KafkaClientSettings settings, String topic) {
        return new TopicScan(settings).readAll(topic, r -> { }, ProgressListener.NONE);
    }
}
