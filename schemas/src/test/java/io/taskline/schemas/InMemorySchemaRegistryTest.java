package io.taskline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    static final Schema ORDER_V1 = parse("""
            {"type": "record", "name": "Order", "namespace": "test.registry", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "amount", "type": "long"}
            ]}""");
    static final Schema ORDER_WITH_CURRENCY = parse("""
            {"type": "record", "name": "Order", "namespace": "test.registry", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "amount", "type": "long"},
              {"name": "currency", "type": "string", "default": "EUR"}
            ]}""");
    static final Schema ORDER_AMOUNT_AS_STRING = parse("""
            {"type": "record", "name": "Order", "namespace": "test.registry", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "amount", "type": "string"}
            ]}""");
    static final Schema ORDER_WITH_REQUIRED_COUPON = parse("""
            {"type": "record", "name": "Order", "namespace": "test.registry", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "amount", "type": "long"},
              {"name": "coupon", "type": "string"}
            ]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void registeringReturnsTheCrc64AvroFingerprintUnderWhichTheSchemaIsFound() {
        long fingerprint = registry.register(ORDER_V1);

        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(ORDER_V1));
        assertThat(registry.findByFingerprint(fingerprint)).isEqualTo(ORDER_V1);
    }

    @Test
    void anUnregisteredFingerprintIsNotFound() {
        assertThat(registry.findByFingerprint(SchemaNormalization.parsingFingerprint64(ORDER_V1))).isNull();
    }

    @Test
    void registeringTheSameSchemaAgainIsHarmless() {
        long first = registry.register(ORDER_V1);
        registry.register(ORDER_WITH_CURRENCY);

        assertThat(registry.register(ORDER_V1)).isEqualTo(first);
    }

    @Test
    void aChangeOfAFieldTypeIsRefusedNamingTheSchema() {
        registry.register(ORDER_V1);

        assertThatThrownBy(() -> registry.register(ORDER_AMOUNT_AS_STRING))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("test.registry.Order")
                .hasMessageContaining("STRING")
                .hasMessageContaining("LONG");
        assertThat(registry.findByFingerprint(SchemaNormalization.parsingFingerprint64(ORDER_AMOUNT_AS_STRING)))
                .as("a refused schema is not registered").isNull();
    }

    @Test
    void aNewFieldWithoutADefaultIsRefusedBecauseNewReadersCannotReadOldData() {
        registry.register(ORDER_V1);

        assertThatThrownBy(() -> registry.register(ORDER_WITH_REQUIRED_COUPON))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("test.registry.Order")
                .hasMessageContaining("coupon");
    }

    @Test
    void removingAFieldWithoutADefaultIsRefusedBecauseOldReadersNeedIt() {
        registry.register(ORDER_WITH_REQUIRED_COUPON);

        assertThatThrownBy(() -> registry.register(ORDER_V1))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("test.registry.Order");
    }

    @Test
    void addingAndLaterRemovingAFieldWithADefaultIsAccepted() {
        long v1 = registry.register(ORDER_V1);
        long v2 = registry.register(ORDER_WITH_CURRENCY);
        registry.register(ORDER_V1);

        assertThat(registry.findByFingerprint(v1)).isEqualTo(ORDER_V1);
        assertThat(registry.findByFingerprint(v2)).isEqualTo(ORDER_WITH_CURRENCY);
    }

    @Test
    void schemasOfDifferentNamesDoNotConstrainEachOther() {
        registry.register(ORDER_V1);
        Schema invoice = parse(ORDER_AMOUNT_AS_STRING.toString().replace("\"Order\"", "\"Invoice\""));

        assertThat(registry.findByFingerprint(registry.register(invoice))).isEqualTo(invoice);
    }

    @Test
    void aBoundTypeReturnsItsPayloadSchema() {
        registry.bindType("orders", "charge", ORDER_V1);

        assertThat(registry.typeSchema("orders", "charge")).contains(ORDER_V1);
        assertThat(registry.typeSchema("orders", "refund")).isEmpty();
        assertThat(registry.typeSchema("invoices", "charge")).isEmpty();
    }

    @Test
    void bindingATypeAgainReplacesItsSchema() {
        registry.bindType("orders", "charge", ORDER_V1);
        registry.bindType("orders", "charge", ORDER_WITH_CURRENCY);

        assertThat(registry.typeSchema("orders", "charge")).contains(ORDER_WITH_CURRENCY);
    }

    @Test
    void typesListsOnlyTheTypesOfThatQueue() {
        registry.bindType("orders", "charge", ORDER_V1);
        registry.bindType("orders", "refund", ORDER_WITH_CURRENCY);
        registry.bindType("orders-eu", "charge", ORDER_V1);
        registry.bindType("orders.archive", "charge", ORDER_V1);

        assertThat(registry.types("orders"))
                .containsOnlyKeys("charge", "refund")
                .containsEntry("refund", ORDER_WITH_CURRENCY);
        assertThat(registry.types("nothing-here")).isEmpty();
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
