package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\" password=\"s3cr3t-jaas\";";

    @Test
    void settingsOfABootstrapAddressHoldOnlyThatAddress() {
        KafkaClientSettings settings = KafkaClientSettings.of("broker-1:9092");

        assertThat(settings.asMap()).containsExactly(Map.entry("bootstrap.servers", "broker-1:9092"));
        assertThat(settings.bootstrapServers()).isEqualTo("broker-1:9092");
    }

    @Test
    void kafkaPrefixedKeysPassThroughWithThePrefixStrippedAndOtherKeysStayBehind() {
        Map<String, Object> config = new HashMap<>();
        config.put("kafka.security.protocol", "SASL_SSL");
        config.put("kafka.sasl.mechanism", "PLAIN");
        config.put("kafka.request.timeout.ms", 45_000);
        config.put("publisher.max.task.bytes", "2048");
        config.put("queues", "emails");
        config.put("kafka.client.id", null);

        KafkaClientSettings settings = KafkaClientSettings.from("broker-1:9092", config);

        assertThat(settings.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "bootstrap.servers", "broker-1:9092",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "request.timeout.ms", 45_000));
    }

    @Test
    void asConfigGivesKeysThatReadBackAsTheSameSettings() {
        KafkaClientSettings settings = KafkaClientSettings.from("broker-1:9092", Map.of(
                "kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", JAAS));

        Map<String, Object> config = settings.asConfig();

        assertThat(config).containsEntry("bootstrap.servers", "broker-1:9092")
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.jaas.config", JAAS)
                .doesNotContainKey("security.protocol");
        assertThat(KafkaClientSettings.from("elsewhere:9092", config).asMap()).isEqualTo(settings.asMap());
    }

    @Test
    void aKafkaBootstrapServersKeyWinsOverTheGivenAddress() {
        KafkaClientSettings settings = KafkaClientSettings.from("localhost:9092",
                Map.of("kafka.bootstrap.servers", "prod-1:9093,prod-2:9093"));

        assertThat(settings.bootstrapServers()).isEqualTo("prod-1:9093,prod-2:9093");
    }

    @Test
    void perClientOverridesAreCopiesThatLeaveTheSettingsAlone() {
        KafkaClientSettings settings = KafkaClientSettings.from("b:9092", Map.of("kafka.acks", "1"));

        Map<String, Object> producer = settings.with("acks", "all");
        Map<String, Object> consumer = settings.with(Map.of("group.id", "g", "acks", "0"));
        settings.asMap().put("bootstrap.servers", "changed:1");

        assertThat(producer).containsEntry("acks", "all").containsEntry("bootstrap.servers", "b:9092");
        assertThat(consumer).containsEntry("acks", "0").containsEntry("group.id", "g");
        assertThat(settings.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "b:9092", "acks", "1"));
    }

    @Test
    void toStringHidesJaasConfigAndPasswordsButShowsTheRest() {
        KafkaClientSettings settings = KafkaClientSettings.from("broker-1:9092", Map.of(
                "kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.keystore.password", "keystore-pw-123",
                "kafka.ssl.key.password", "key-pw-456",
                "kafka.ssl.truststore.password", "truststore-pw-789",
                "kafka.security.protocol", "SASL_SSL"));

        String shown = settings.toString();

        assertThat(shown).doesNotContain("s3cr3t-jaas", "PlainLoginModule", "keystore-pw-123", "key-pw-456",
                "truststore-pw-789");
        assertThat(shown).contains("sasl.jaas.config=[hidden]", "ssl.keystore.password=[hidden]",
                "security.protocol=SASL_SSL", "bootstrap.servers=broker-1:9092");
        assertThat(settings.asMap()).as("only the display is masked").containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void secretKeysAreRecognisedWhateverTheirCase() {
        assertThat(KafkaClientSettings.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientSettings.isSecret("ssl.keystore.password")).isTrue();
        assertThat(KafkaClientSettings.isSecret("SSL.KEY.PASSWORD")).isTrue();
        assertThat(KafkaClientSettings.isSecret("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(KafkaClientSettings.isSecret("ssl.keystore.key")).isTrue();
        assertThat(KafkaClientSettings.isSecret("bootstrap.servers")).isFalse();
        assertThat(KafkaClientSettings.isSecret("ssl.keystore.location")).isFalse();
    }
}
