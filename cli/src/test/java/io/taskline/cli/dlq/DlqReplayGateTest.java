package io.taskline.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.cli.dlq.ReplayGate.Decision;
import org.junit.jupiter.api.Test;

/** More than a hundred dead letters need --yes or a yes on a terminal; without either, no replay. */
class DlqReplayGateTest {

    @Test
    void upToAHundredGoAheadWithoutAsking() {
        assertThat(ReplayGate.decide(0, false, false)).isEqualTo(Decision.GO);
        assertThat(ReplayGate.decide(100, false, false)).isEqualTo(Decision.GO);
        assertThat(ReplayGate.decide(100, false, true)).isEqualTo(Decision.GO);
    }

    @Test
    void moreAskOnATerminalAndAreRefusedWithoutOne() {
        assertThat(ReplayGate.decide(101, false, true)).isEqualTo(Decision.ASK);
        assertThat(ReplayGate.decide(101, false, false)).isEqualTo(Decision.REFUSE);
        assertThat(ReplayGate.decide(100_000, false, false)).isEqualTo(Decision.REFUSE);
    }

    @Test
    void yesGoesAheadWhateverTheCount() {
        assertThat(ReplayGate.decide(101, true, false)).isEqualTo(Decision.GO);
        assertThat(ReplayGate.decide(100_000, true, true)).isEqualTo(Decision.GO);
    }
}
