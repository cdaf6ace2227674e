package io.taskline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code taskline bench --only}: a scenario brings the scenarios its baseline and its rate come from. */
class BenchmarkSelectionTest {

    @Test
    void aScenarioBringsTheScenariosItsFiguresNeed() {
        assertThat(Benchmark.select(List.of("latency-alo"))).containsExactlyInAnyOrder("latency-alo", "noop-alo", "raw-kafka");
        assertThat(Benchmark.select(List.of("retry-5s")))
                .containsExactlyInAnyOrder("retry-5s", "noop-eos", "noop-alo", "raw-kafka");
        assertThat(Benchmark.select(List.of("io50-keyed")))
                .containsExactlyInAnyOrder("io50-keyed", "io50-c200", "io50-sequential");
    }

    @Test
    void aScenarioWithoutABaselineRunsAlone() {
        assertThat(Benchmark.select(List.of("ratelimit-cluster"))).containsExactly("ratelimit-cluster");
    }

    @Test
    void everyScenarioIsKnown() {
        assertThat(Benchmark.select(Benchmark.SCENARIOS)).containsExactlyInAnyOrderElementsOf(Benchmark.SCENARIOS);
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Benchmark.select(List.of("noop")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'noop'").hasMessageContaining("ratelimit-cluster");
    }
}
