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
        assertThat(Benchmark.select(List.of("io50-keyed")))
                .containsExactlyInAnyOrder("io50-keyed", "io50-c200", "io50-sequential");
    }

    @Test
    void aScenarioWithoutABaselineRunsAlone() {
        assertThat(Benchmark.select(List.of("ratelimit-cluster"))).containsExactly("ratelimit-cluster");
        // Its half load comes from a capacity run of its own workload, not from noop-eos.
        assertThat(Benchmark.select(List.of("retry-5s"))).containsExactly("retry-5s");
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
