package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.dlq.internal.ReplayPayloads;
import io.taskline.dlq.testing.DeadLetters;
import io.taskline.schemas.InMemorySchemaRegistry;
import io.taskline.schemas.JsonRecords;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.examples.WelcomeEmail;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dead letter's payload as JSON: as it was sent, and as a planned replay would send it after edits. */
class DeadLetterPayloadsTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final SingleObjectCodec codec = new SingleObjectCodec(registry);

    private DeadLetter aDeadEmail(String to) {
        byte[] payload = codec.encode(WelcomeEmail.newBuilder().setTo(to).setName("Ann").build());
        return DeadLetters.aDeadLetter("t-1").task(DeadLetters.aTask("t-1").setPayload(ByteBuffer.wrap(payload)).build())
                .build();
    }

    @Test
    void aPlannedReplayShowsThePayloadAfterItsEditsAndTheLetterKeepsTheOriginal() {
        DeadLetter letter = aDeadEmail("ann.example.com");
        ReplayOptions options = ReplayOptions.builder().set("to=ann@example.com").build();
        ReplayPlan plan = new ReplayPlan("emails", DeadLetterFilter.all(), options, List.of(letter),
                List.of(ReplayPayloads.prepare(letter, options.edits(), codec)), List.of(), List.of(), 1);

        assertThat(DeadLetterPayloads.replayPayloadAsJsonTree(plan, 0, registry))
                .isEqualTo(JsonRecords.parse("{\"to\": \"ann@example.com\", \"name\": \"Ann\", \"locale\": \"en\"}"));
        assertThat(DeadLetterPayloads.payloadAsJsonTree(letter, registry).get("to").asText()).isEqualTo("ann.example.com");
    }
}
