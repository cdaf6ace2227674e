package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.dlq.testing.DlqFixture;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.producer.PublishedChain;
import io.taskline.producer.TaskRequest;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A chain step that dies waits in the DLQ; replaying it (handler fixed) resumes the chain from there. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ChainReplayIT {

    private final DlqFixture fixture;
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private volatile boolean broken = true;

    ChainReplayIT(EmbeddedKafkaBroker broker) {
        this.fixture = new DlqFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    /** A step that records "type:parent-result" and hands its type on; "thumbnail" dies while broken. */
    final class Step implements TaskHandler<Message> {
        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) {
            String parent = ctx.parentResult(Message.class).map(m -> m.getMessage().toString()).orElse("-");
            if (ctx.type().equals("thumbnail") && broken) {
                runs.add("thumbnail died");
                throw new NonRetryableException("codec missing");
            }
            runs.add(ctx.type() + ":" + parent);
            ctx.result(Message.newBuilder().setMessage(ctx.type()).build());
        }
    }

    @Test
    void replayingADeadStepResumesTheChain() throws Exception {
        String queue = DlqFixture.uniqueQueue("chain-replay");
        Step step = new Step();
        fixture.startWorker(queue, "1s", 2, Map.of("encode", step, "thumbnail", step, "publish", step));
        PublishedChain chain = fixture.publisher().chain(List.of(
                TaskRequest.to(queue).type("encode").key("v-1").payload(message()).build(),
                TaskRequest.to(queue).type("thumbnail").key("v-1").payload(message()).build(),
                TaskRequest.to(queue).type("publish").key("v-1").payload(message()).build())).join();
        DeadLetterReplayer replayer = fixture.track(DeadLetterReplayer.create(fixture.config(Map.of())));
        await().atMost(Duration.ofSeconds(60)).until(() -> replayer.reader().scan(queue, DeadLetterFilter.all()).scanned() == 1);
        assertThat(runs).containsExactly("encode:-", "thumbnail died");

        broken = false;
        ReplayResult result = replayer.replay(replayer.plan(queue, DeadLetterFilter.all(), ReplayOptions.builder().build()));

        assertThat(result.replayed()).extracting(ReplayResult.Replayed::taskId).containsExactly(chain.stepIds().get(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() == 4);
        assertThat(runs).containsExactly("encode:-", "thumbnail died", "thumbnail:encode", "publish:thumbnail");
    }

    private static Message message() {
        return Message.newBuilder().setMessage("video").build();
    }
}
