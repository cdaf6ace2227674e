package io.taskline.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.testing.TasklineKafka.Kind;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BrokerChoiceTest {

    @Test
    void choosesTestcontainersWhenDockerIsAvailableAndNothingIsAsked() {
        assertThat(BrokerChoice.decide(null, () -> true)).isEqualTo(Kind.TESTCONTAINERS);
        assertThat(BrokerChoice.decide("auto", () -> true)).isEqualTo(Kind.TESTCONTAINERS);
    }

    @Test
    void fallsBackToTheEmbeddedBrokerWithoutDocker() {
        assertThat(BrokerChoice.decide(null, () -> false)).isEqualTo(Kind.EMBEDDED);
        assertThat(BrokerChoice.decide(" ", () -> false)).isEqualTo(Kind.EMBEDDED);
    }

    @Test
    void anExplicitChoiceWinsWithoutAskingDocker() {
        AtomicInteger asked = new AtomicInteger();
        assertThat(BrokerChoice.decide("embedded", () -> asked.incrementAndGet() > 0)).isEqualTo(Kind.EMBEDDED);
        assertThat(BrokerChoice.decide("Testcontainers", () -> asked.incrementAndGet() < 0)).isEqualTo(Kind.TESTCONTAINERS);
        assertThat(asked).hasValue(0);
    }

    @Test
    void refusesAnUnknownChoiceNamingTheProperty() {
        assertThatThrownBy(() -> BrokerChoice.decide("podman", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("taskline.test.kafka=podman");
    }
}
