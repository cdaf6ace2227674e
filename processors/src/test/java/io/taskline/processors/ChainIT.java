package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.producer.PublishedChain;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.TaskEvent;
import io.taskline.schemas.TaskEventType;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A chain on a real broker: encode a video → make its thumbnail (fails once, then succeeds) →
 * publish the thumbnail. Steps run in order, each succeeds once, each reads the previous result.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ChainIT {

    private final WorkerFixture fixture;
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final Map<String, StepSeen> seen = new ConcurrentHashMap<>();

    ChainIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    /** What a step saw: its parent, its workflow and its parent's result. */
    record StepSeen(String parentId, String workflowId, String parentResult) {
    }

    /** Records the run, fails the first {@code failures} attempts, hands "{@code prefix} parent-result" on. */
    final class Step implements TaskHandler<Message> {
        private final String prefix;
        private final AtomicInteger failuresLeft;

        Step(String prefix, int failures) {
            this.prefix = prefix;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public Class<Message> payloadType() {
            return Message.class;
        }

        @Override
        public void handle(Message payload, TaskContext ctx) {
            runs.add(ctx.type() + "#" + ctx.attempt());
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("transcoder busy");
            }
            String parent = ctx.parentResult(Message.class).map(m -> m.getMessage().toString()).orElse(null);
            seen.put(ctx.type(), new StepSeen(ctx.parentId().orElse(null), ctx.workflowId().orElse(null), parent));
            String input = parent != null ? parent : payload.getMessage().toString();
            ctx.result(Message.newBuilder().setMessage(prefix + " " + input).build());
        }
    }

    @Test
    void stepsRunInOrderOnceEachAndReadThePreviousResult() throws Exception {
        String queue = TestQueues.unique("chain");
        fixture.startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3), queue, Map.of(
                "encode", new Step("encoded", 0),
                "thumbnail", new Step("thumbnail of", 1),
                "publish", new Step("published", 0)));

        PublishedChain chain = fixture.publisher().chain(List.of(
                TaskRequest.to(queue).type("encode").key("video-7").payload(message("video-7.mov")).build(),
                TaskRequest.to(queue).type("thumbnail").key("video-7").payload(message("-")).build(),
                TaskRequest.to(queue).type("publish").key("video-7").payload(message("-")).build())).join();

        await().atMost(Duration.ofSeconds(60)).until(() -> seen.containsKey("publish"));
        assertThat(runs).containsExactly("encode#1", "thumbnail#1", "thumbnail#2", "publish#1");
        List<String> ids = chain.stepIds();
        assertThat(chain.workflowId()).isEqualTo(ids.get(0));
        assertThat(seen.get("encode")).isEqualTo(new StepSeen(null, ids.get(0), null));
        assertThat(seen.get("thumbnail")).isEqualTo(new StepSeen(ids.get(0), ids.get(0), "encoded video-7.mov"));
        assertThat(seen.get("publish"))
                .isEqualTo(new StepSeen(ids.get(1), ids.get(0), "thumbnail of encoded video-7.mov"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fixture.events(queue))
                .filteredOn(e -> e.getEvent() == TaskEventType.SUCCEEDED).extracting(TaskEvent::getTaskId)
                .containsExactlyInAnyOrderElementsOf(ids));
        assertThat(fixture.events(queue)).filteredOn(e -> e.getEvent() == TaskEventType.ENQUEUED)
                .extracting(TaskEvent::getTaskId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aLaterStepThatIsDelayedIsRefusedAndNothingIsSent() throws Exception {
        String queue = TestQueues.unique("chain-refused");
        fixture.startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 3), queue,
                Map.of("encode", new Step("encoded", 0)));
        long before = fixture.endOffsets(queue);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.publisher().chain(List.of(
                        TaskRequest.to(queue).type("encode").payload(message("a")).build(),
                        TaskRequest.to(queue).type("encode").payload(message("b")).delay(Duration.ofMinutes(1)).build())))
                .isInstanceOf(io.taskline.producer.InvalidTaskException.class)
                .hasMessageContaining("only the first step of a chain can be delayed");
        assertThat(fixture.endOffsets(queue)).isEqualTo(before);
    }

    private static Message message(String text) {
        return Message.newBuilder().setMessage(text).build();
    }
}
