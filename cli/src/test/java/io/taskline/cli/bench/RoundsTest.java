package io.taskline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void reportsTheMiddleRoundOfAnOddCountWhateverTheOrder() {
        Rounds rounds = new Rounds();
        rounds.add(39_000);
        rounds.add(15_000);
        rounds.add(22_000);

        assertThat(rounds.median()).isEqualTo(22_000);
        assertThat(rounds.medianRound()).isEqualTo(2);
        assertThat(rounds.count()).isEqualTo(3);
        assertThat(rounds.list()).isEqualTo("39000, 15000, 22000");
    }

    @Test
    void averagesTheTwoMiddleRoundsOfAnEvenCount() {
        Rounds rounds = new Rounds();
        rounds.add(10);
        rounds.add(40);
        rounds.add(20);
        rounds.add(30);

        assertThat(rounds.median()).isEqualTo(25);
        assertThat(rounds.medianRound()).isEqualTo(2);
    }

    @Test
    void hasNoMedianWithoutRounds() {
        assertThat(new Rounds().median()).isNaN();
        assertThat(new Rounds().list()).isEmpty();
    }
}
