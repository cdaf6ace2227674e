package io.taskline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.schemas.KafkaClientSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tiny benchmark on a real broker reports every scenario with its baseline and the fields scripts read. */
@ExtendWith(EmbeddedKafkaExtension.class)
class BenchmarkIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsEveryScenarioWithBaselinesAndRetryLateness(EmbeddedKafkaBroker broker) throws Exception {
        Set<Path> stateBefore = benchFolders();
        Benchmark benchmark = new Benchmark(KafkaClientSettings.of(broker.bootstrapServers()),
                new Benchmark.Size(2_000, 300, 10, 400, Duration.ofSeconds(2), 30, 60, 200, 2), 20);
        int recordBytes = benchmark.recordBytes();
        List<ScenarioResult> results = new ArrayList<>();

        benchmark.run(recordBytes, results::add);

        assertThat(benchFolders()).as("the workers' state folders are deleted after the run").isEqualTo(stateBefore);

        Map<String, JsonNode> byName = new HashMap<>();
        for (ScenarioResult r : results) {
            JsonNode node = JSON.readTree(r.json().toString());
            byName.put(node.get("scenario").asText(), node);
            assertThat(node.fieldNames()).toIterable().contains("scenario", "tasksPerSecond", "baseline",
                    "baselineTasksPerSecond", "ratio", "p50Ms", "p99Ms", "p999Ms");
            assertThat(r.row()).startsWith(r.scenario());
        }
        assertThat(recordBytes).isGreaterThan(20);
        assertThat(byName).containsOnlyKeys("raw-kafka", "noop-alo", "noop-eos", "io50-sequential", "io50-c200",
                "io50-keyed", "retry-5s", "latency-alo", "ratelimit-cluster");
        assertThat(byName.get("raw-kafka").get("tasksPerSecond").asDouble()).isPositive();
        JsonNode alo = byName.get("noop-alo");
        assertThat(alo.get("baseline").asText()).isEqualTo("raw-kafka");
        assertThat(alo.get("ratio").asDouble()).isCloseTo(alo.get("tasksPerSecond").asDouble()
                / byName.get("raw-kafka").get("tasksPerSecond").asDouble(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(alo.get("note").asText()).as("the backlog figures take turns").contains("median of 2 rounds");
        assertThat(byName.get("raw-kafka").get("note").asText()).contains("median of 2 rounds");
        assertThat(byName.get("io50-sequential").get("tasksPerSecond").asDouble())
                .as("one 50 ms task at a time").isBetween(1.0, 20.5);
        JsonNode retry = byName.get("retry-5s");
        assertThat(retry.get("earlyCount").asLong()).as("retries that ran before their due time").isZero();
        assertThat(retry.get("latenessMaxMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(byName.get("latency-alo").get("p99Ms").asDouble()).isPositive();
        JsonNode io = byName.get("io50-c200");
        assertThat(io.get("baseline").asText()).isEqualTo("io50-sequential");
        assertThat(io.get("tasksPerSecond").asDouble()).as("many 50 ms tasks at once").isGreaterThan(20.5);
        assertThat(byName.get("io50-keyed").get("baseline").asText()).isEqualTo("io50-c200");
        JsonNode limited = byName.get("ratelimit-cluster");
        assertThat(limited.get("tasksPerSecond").asDouble()).as("20/1s over the cluster").isLessThanOrEqualTo(21);
        assertThat(limited.get("note").asText()).contains("starts in any 1 s window");
    }

    private static Set<Path> benchFolders() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("taskline-bench-")).collect(Collectors.toSet());
        }
    }
}
