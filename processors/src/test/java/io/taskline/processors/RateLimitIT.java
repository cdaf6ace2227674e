package io.taskline.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.SlowHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.schemas.examples.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Named rate limits: limited tasks wait without failing, other tasks do not wait for them. */
@ExtendWith(EmbeddedKafkaExtension.class)
class RateLimitIT {

    private final WorkerFixture fixture;

    RateLimitIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private void publish(String queue, String type, String prefix, int count) {
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(TaskRequest.to(queue).type(type).key(prefix + i).id(prefix + i)
                    .payload(Message.newBuilder().setMessage("m").build()).build());
        }
        fixture.publisher().publishAll(requests).forEach(CompletableFuture::join);
    }

    /** The most starts within any window of {@code window}, sliding over every start. */
    static int busiestWindow(List<Instant> starts, Duration window) {
        List<Instant> sorted = starts.stream().sorted().toList();
        int most = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (Duration.between(sorted.get(j), sorted.get(i)).compareTo(window) >= 0) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    @Test
    void limitedTasksStartNoFasterThanTheLimitWhileUnlimitedOnesRunAtOnce() throws Exception {
        String queue = TestQueues.unique("limited");
        SlowHandler api = SlowHandler.taking(Duration.ofMillis(10)).waitingFor("api");
        SlowHandler free = SlowHandler.taking(Duration.ofMillis(10));
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2);
        props.put("ratelimit.api", "10/1s");
        props.put("queue." + queue + ".concurrency", "64");
        Worker worker = fixture.startWorker(props, queue, Map.of("api", api, "free", free));

        publish(queue, "api", "a", 30);
        publish(queue, "free", "f", 30);

        await().atMost(Duration.ofSeconds(20)).until(() -> free.runs().size() == 30);
        assertThat(api.runs().size()).as("limited tasks still waiting when the unlimited ones are done").isLessThan(30);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.runs().size() == 30);
        List<Instant> starts = api.starts().stream().map(SlowHandler.Run::start).toList();
        assertThat(busiestWindow(starts, Duration.ofSeconds(1))).isLessThanOrEqualTo(11);
        assertThat(Duration.between(starts.stream().min(Instant::compareTo).orElseThrow(),
                starts.stream().max(Instant::compareTo).orElseThrow())).isGreaterThanOrEqualTo(Duration.ofMillis(2700));
        assertThat(api.runs()).extracting(SlowHandler.Run::attempt).containsOnly(1);
        String scrape = worker.meters().scrape();
        assertThat(scrape).containsPattern("taskline_ratelimit_waits_total\\{limit=\"api\"} (2[0-9]|30)\\.0")
                .containsPattern("taskline_ratelimit_wait_seconds_total\\{limit=\"api\"} [1-9]");
    }

    @Test
    void aClusterLimitIsSharedByTheLiveWorkersOfTheGroup() throws Exception {
        String queue = TestQueues.unique("cluster-limited");
        SlowHandler api = SlowHandler.taking(Duration.ofMillis(10)).waitingFor("api");
        Map<String, Object> props = TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2);
        props.put("queue." + queue + ".partitions", "4");
        props.put("ratelimit.api", "20/1s");
        props.put("ratelimit.api.scope", "cluster");
        Worker first = fixture.startWorker(props, queue, Map.of("api", api));
        Map<String, Object> second = new java.util.HashMap<>(props);
        second.put("state.dir", java.nio.file.Files.createTempDirectory("taskline-state").toString());
        Worker other = fixture.startWorker(second, queue, Map.of("api", api));
        await().atMost(Duration.ofSeconds(60)).until(() -> first.liveWorkers() == 2 && other.liveWorkers() == 2
                && first.isReady() && other.isReady());

        publish(queue, "api", "c", 60);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.runs().size() == 60);
        List<Instant> starts = api.starts().stream().map(SlowHandler.Run::start).toList();
        assertThat(busiestWindow(starts, Duration.ofSeconds(1))).isLessThanOrEqualTo(21);
    }
}
