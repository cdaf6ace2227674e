package io.taskline.dlq.testing;

import io.taskline.dlq.DeadLetter;
import io.taskline.schemas.Failure;
import io.taskline.schemas.Task;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Test data: {@code aDeadLetter("t-1").type("echo").error("java.lang.IllegalStateException", "boom").build()}. */
public final class DeadLetters {

    /** A fixed instant tests measure from. */
    public static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

    private DeadLetters() {
    }

    /** A decodable dead letter of task {@code id} on {@code emails.dlq}, type echo, dead at {@link #T0}. */
    public static DeadLetter.Builder aDeadLetter(String id) {
        return DeadLetter.builder().topic("emails.dlq").taskId(id).type("echo").attempts(1).deadAt(T0)
                .rawValue(new byte[] {1, 2, 3});
    }

    /** An undecodable dead letter. */
    public static DeadLetter.Builder anUndecodableLetter() {
        return DeadLetter.builder().topic("emails.dlq").undecodable(true).deadAt(T0)
                .error("io.taskline.schemas.UndecodableRecordException", "not Avro single-object encoded (no C3 01 header)")
                .rawValue(new byte[] {'{', '}'});
    }

    /** A first-attempt envelope of task {@code id} with every lineage field set. */
    public static Task.Builder aTask(String id) {
        HashMap<String, String> headers = new HashMap<>();
        headers.put("tenant", "acme");
        return Task.newBuilder().setId(id).setType("echo").setQueue("emails").setKey("u-1")
                .setPayload(ByteBuffer.wrap(new byte[] {9, 8, 7})).setAttempt(1).setMaxAttempts(3)
                .setEnqueuedAt(T0).setWorkflowId("wf-1").setParentId("parent-1").setBatchId("batch-1")
                .setTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").setHeaders(headers)
                .setFailures(new ArrayList<>()).setReplays(new ArrayList<>());
    }

    /** A failure of {@code attempt} at {@code at}. */
    public static Failure aFailure(int attempt, Instant at, String errorClass, String message) {
        return Failure.newBuilder().setAttempt(attempt).setAt(at).setWorker("w-1").setErrorClass(errorClass)
                .setMessage(message).setStack(errorClass + ": " + message + "\n\tat somewhere").build();
    }

    /** A list of failures, for {@code Task.setFailures}. */
    public static List<Failure> failures(Failure... failures) {
        return new ArrayList<>(List.of(failures));
    }
}
