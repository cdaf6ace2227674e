package io.taskline.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.taskline.schemas.SingleObjectCodec;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

    private static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Ping", "namespace": "test.catalog", "fields": [
              {"name": "id", "type": "string"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type": "record", "name": "Ping", "namespace": "test.catalog", "fields": [
              {"name": "id", "type": "string"}, {"name": "n", "type": "int", "default": 0}]}""");

    private final SchemaCatalog catalog = new SchemaCatalog();

    @Test
    void entriesAreFoundByFingerprintAndTheLastOneOfANameIsItsLatest() {
        catalog.apply(SchemaCatalog.schemaKey(SingleObjectCodec.fingerprint(V1)), V1.toString());
        catalog.apply(SchemaCatalog.schemaKey(SingleObjectCodec.fingerprint(V2)), V2.toString());

        assertThat(catalog.byFingerprint(SingleObjectCodec.fingerprint(V1))).isEqualTo(V1);
        assertThat(catalog.latest("test.catalog.Ping")).contains(V2);
    }

    @Test
    void aTombstoneIsIgnored() {
        catalog.apply(SchemaCatalog.typeKey("q", "t"), V1.toString());

        catalog.apply(SchemaCatalog.typeKey("q", "t"), null);

        assertThat(catalog.type("q", "t")).contains(V1);
    }

    @Test
    void aRecordThatIsNotARegistryEntryIsIgnored() {
        String taskBytesAsText = new String(new byte[] {(byte) 0xC3, 0x01, 5, 7, 'x'}, java.nio.charset.StandardCharsets.UTF_8);

        assertThatCode(() -> catalog.apply("u-1", taskBytesAsText)).doesNotThrowAnyException();
        catalog.apply(SchemaCatalog.schemaKey(SingleObjectCodec.fingerprint(V1)), V1.toString());
        assertThat(catalog.latest("test.catalog.Ping")).contains(V1);
    }
}
