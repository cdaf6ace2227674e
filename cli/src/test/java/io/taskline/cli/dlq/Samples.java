package io.taskline.cli.dlq;

import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.Failure;
import io.taskline.schemas.Replay;
import io.taskline.schemas.SchemaRegistry;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.Task;
import io.taskline.schemas.examples.WelcomeEmail;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dead letters for the formatter tests: {@code Samples.deadEmail(registry, "ann@example.com")}. */
final class Samples {

    static final Instant DIED = Instant.parse("2026-01-31T10:00:02.345Z");

    private Samples() {
    }

    /** A welcome email that failed twice (SMTP down), replayed once before, on emails.dlq 1:42. */
    static DeadLetter deadEmail(SchemaRegistry registry, String to) {
        byte[] payload = new SingleObjectCodec(registry).encode(
                WelcomeEmail.newBuilder().setTo(to).setName("Ann").setLocale("nb").build());
        List<Failure> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= 2; attempt++) {
            failures.add(Failure.newBuilder().setAttempt(attempt).setAt(DIED.minusSeconds(2 - attempt)).setWorker("host-1/w-1")
                    .setErrorClass("java.lang.IllegalStateException").setMessage("SMTP server down\nretry later")
                    .setStack("java.lang.IllegalStateException: SMTP server down\n"
                            + "\tat com.acme.Mailer.send(Mailer.java:10)\n".repeat(12)).build());
        }
        Task task = Task.newBuilder().setId("t-1").setType("send-email").setQueue("emails").setKey("u-1")
                .setPayload(ByteBuffer.wrap(payload)).setAttempt(2).setMaxAttempts(2).setEnqueuedAt(DIED.minusSeconds(5))
                .setBatchId("batch-7").setHeaders(Map.of("tenant", "acme", "ssn", "123-45-6789")).setFailures(failures)
                .setReplays(List.of(Replay.newBuilder().setReplayedAt(DIED.minusSeconds(60)).setFromTopic("emails.dlq")
                        .setFromPartition(1).setFromOffset(7).setBy("ops@box").build()))
                .build();
        return DeadLetter.builder().topic("emails.dlq").partition(1).offset(42).taskId("t-1").type("send-email")
                .key("u-1").attempts(2).deadAt(DIED).error("java.lang.IllegalStateException", "SMTP server down\nretry later")
                .reason("failed 2 of 2 attempts").original("emails", 2, 17L).headers(Map.of("taskline.task-id", "t-1"))
                .rawValue(payload).task(task).build();
    }

    /** A record that is not Avro, on emails.dlq 0:7. */
    static DeadLetter garbage() {
        byte[] raw = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);
        return DeadLetter.builder().topic("emails.dlq").partition(0).offset(7).undecodable(true).key("k-9").deadAt(DIED)
                .error("io.taskline.schemas.UndecodableRecordException", "not Avro single-object encoded (no C3 01 header)")
                .reason("undecodable: not Avro single-object encoded (no C3 01 header)").rawValue(raw).build();
    }
}
