package io.taskline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaExtensionIT {

    private static EmbeddedKafkaBroker fromBeforeAll;
    private final EmbeddedKafkaBroker fromConstructor;

    EmbeddedKafkaExtensionIT(EmbeddedKafkaBroker kafka) {
        this.fromConstructor = kafka;
    }

    @BeforeAll
    static void remember(EmbeddedKafkaBroker kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void injectsTheOneSharedRunningBroker(EmbeddedKafkaBroker kafka) throws Exception {
        assertThat(kafka).isSameAs(fromConstructor).isSameAs(fromBeforeAll)
                .isSameAs(EmbeddedKafkaExtension.sharedBroker());
        assertThat(kafka.isRunning()).isTrue();
        EmbeddedKafkaBrokerIT.createTopic(kafka.bootstrapServers(), "extension-topic");
    }

    @Test
    void sharedBrokerRestartsOnSamePortIfLeftStopped(EmbeddedKafkaBroker kafka) {
        String bootstrap = kafka.bootstrapServers();
        kafka.stop();
        assertThat(EmbeddedKafkaExtension.sharedBroker().isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
    }
}
