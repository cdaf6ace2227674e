package io.taskline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverTheSortedSamples() {
        double[] samples = new double[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = samples.length - i;
        }
        Latencies l = Latencies.of(samples);

        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.percentile(50)).isEqualTo(500);
        assertThat(l.percentile(99)).isEqualTo(990);
        assertThat(l.percentile(99.9)).isEqualTo(999);
        assertThat(l.percentile(100)).isEqualTo(1000);
        assertThat(l.max()).isEqualTo(1000);
    }

    @Test
    void countsEarlySamplesAndHasNoPercentileWithoutSamples() {
        assertThat(Latencies.of(new double[] {-3, -0.5, 0, 12}).below(0)).isEqualTo(2);
        assertThat(Latencies.of(new double[0]).percentile(99)).isNaN();
    }
}
