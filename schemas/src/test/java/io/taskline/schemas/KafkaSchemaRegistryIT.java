package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class KafkaSchemaRegistryIT {

    private final KafkaClientSettings settings;

    KafkaSchemaRegistryIT(EmbeddedKafkaBroker broker) {
        this.settings = KafkaClientSettings.of(broker.bootstrapServers());
    }

    @Test
    void aSchemaRegisteredByOneProcessIsResolvedByAFreshlyConnectedOne() {
        Schema shipment = uniqueRecord("Shipment");
        long fingerprint;
        try (KafkaSchemaRegistry writer = KafkaSchemaRegistry.connect(settings)) {
            fingerprint = writer.register(shipment);
        }

        try (KafkaSchemaRegistry reader = KafkaSchemaRegistry.connect(settings)) {
            assertThat(reader.findByFingerprint(fingerprint)).isEqualTo(shipment);
        }
    }

    @Test
    void aSchemaRegisteredAfterAReaderConnectedIsFoundOnItsFirstMiss() {
        Schema refund = uniqueRecord("Refund");
        try (KafkaSchemaRegistry reader = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry writer = KafkaSchemaRegistry.connect(settings)) {
            assertThat(reader.findByFingerprint(SingleObjectCodec.fingerprint(refund))).isNull();

            long fingerprint = writer.register(refund);

            assertThat(reader.findByFingerprint(fingerprint)).isEqualTo(refund);
        }
    }

    @Test
    void aFingerprintThatKeptMissingIsFoundSoonAfterItsRegistration() {
        Schema parcel = uniqueRecord("Parcel");
        long fingerprint = SingleObjectCodec.fingerprint(parcel);
        try (KafkaSchemaRegistry reader = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry writer = KafkaSchemaRegistry.connect(settings)) {
            for (int i = 0; i < 1_000; i++) {
                assertThat(reader.findByFingerprint(fingerprint)).isNull();
            }

            writer.register(parcel);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(reader.findByFingerprint(fingerprint)).isEqualTo(parcel));
        }
    }

    @Test
    void recordsEncodedInOneProcessDecodeInAnother() {
        Schema invoice = uniqueRecord("Invoice");
        GenericRecord record = new GenericRecordBuilder(invoice).set("id", "inv-1").set("amount", 1250L).build();
        try (KafkaSchemaRegistry producerSide = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry workerSide = KafkaSchemaRegistry.connect(settings)) {
            byte[] bytes = new SingleObjectCodec(producerSide).encode(record);

            assertThat(new SingleObjectCodec(workerSide).decodeAsWritten(bytes)).isEqualTo(record);
        }
    }

    @Test
    void typeBindingsAreVisibleAcrossProcesses() {
        Schema payload = uniqueRecord("Charge");
        String queue = "registry-it-" + UUID.randomUUID();
        try (KafkaSchemaRegistry reader = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry worker = KafkaSchemaRegistry.connect(settings)) {
            worker.bindType(queue, "charge", payload);
            worker.bindType(queue, "refund", payload);

            assertThat(reader.typeSchema(queue, "charge")).contains(payload);
            assertThat(reader.types(queue)).containsOnlyKeys("charge", "refund");
        }
        try (KafkaSchemaRegistry later = KafkaSchemaRegistry.connect(settings)) {
            assertThat(later.typeSchema(queue, "refund")).contains(payload);
            assertThat(later.typeSchema(queue, "missing")).isEmpty();
        }
    }

    @Test
    void aRebindingByAnotherProcessReplacesTheTypesSchema() {
        Schema v1 = uniqueRecord("Notice");
        Schema v2 = withOptionalField(v1);
        String queue = "registry-it-" + UUID.randomUUID();
        try (KafkaSchemaRegistry first = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry second = KafkaSchemaRegistry.connect(settings)) {
            first.bindType(queue, "notify", v1);
            second.bindType(queue, "notify", v2);

            assertThat(first.typeSchema(queue, "notify")).contains(v2);
        }
    }

    @Test
    void aProcessThatBindsAgainAfterAnotherRebindWins() {
        Schema v1 = uniqueRecord("Alert");
        Schema v2 = withOptionalField(v1);
        String queue = "registry-it-" + UUID.randomUUID();
        try (KafkaSchemaRegistry first = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry second = KafkaSchemaRegistry.connect(settings)) {
            first.bindType(queue, "alert", v1);
            second.bindType(queue, "alert", v2);

            first.bindType(queue, "alert", v1);

            assertThat(second.typeSchema(queue, "alert")).contains(v1);
        }
    }

    @Test
    void anIncompatibleChangeIsRefusedAgainstASchemaAnotherProcessRegistered() {
        Schema v1 = uniqueRecord("Payment");
        Schema amountAsString = new Schema.Parser().parse(v1.toString().replace("\"long\",\"default\":0", "\"string\""));
        try (KafkaSchemaRegistry late = KafkaSchemaRegistry.connect(settings);
             KafkaSchemaRegistry early = KafkaSchemaRegistry.connect(settings)) {
            early.register(v1);

            assertThatThrownBy(() -> late.register(amountAsString))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining(v1.getFullName());
        }
        try (KafkaSchemaRegistry fresh = KafkaSchemaRegistry.connect(settings)) {
            assertThat(fresh.findByFingerprint(SingleObjectCodec.fingerprint(amountAsString)))
                    .as("the refused schema was never written").isNull();
            assertThat(fresh.findByFingerprint(fresh.register(withOptionalField(v1))))
                    .as("a compatible change is still accepted").isNotNull();
        }
    }

    @Test
    void theSchemaTopicIsCompacted() throws Exception {
        KafkaSchemaRegistry.connect(settings).close();

        try (Admin admin = Admin.create(settings.asMap())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, SystemTopics.SCHEMAS);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);

            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /** A record schema with a name no other test uses, since {@code taskline.schemas} is shared. */
    private static Schema uniqueRecord(String name) {
        String namespace = "test.it" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new Schema.Parser().parse("""
                {"type": "record", "name": "%s", "namespace": "n%s", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "amount", "type": "long", "default": 0}
                ]}""".formatted(name, namespace));
    }

    private static Schema withOptionalField(Schema schema) {
        return new Schema.Parser().parse(schema.toString().replace("]}",
                ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    }
}
