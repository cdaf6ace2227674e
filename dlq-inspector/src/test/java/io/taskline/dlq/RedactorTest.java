package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskline.schemas.JsonRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private static final String JSON = "{\"to\":\"ann@example.com\",\"password\":\"hunter2\",\"pin\":1234,"
            + "\"card\":{\"number\":\"4111\",\"holder\":\"Ann\",\"secret\":{\"cvv\":\"123\"}},"
            + "\"people\":[{\"name\":\"Bob\",\"password\":\"x\"},{\"name\":\"Eve\",\"password\":null}],"
            + "\"Password\":\"case matters\"}";

    @Test
    void replacesTheValueOfEveryNamedFieldAtAnyDepthWhateverItsType() {
        JsonNode out = Redactor.parse("password, pin,secret").redact(JsonRecords.parse(JSON));

        assertThat(out.get("password").textValue()).isEqualTo("***");
        assertThat(out.get("pin").textValue()).isEqualTo("***");
        assertThat(out.at("/card/secret").textValue()).as("an object value is replaced whole").isEqualTo("***");
        assertThat(out.at("/card/number").textValue()).isEqualTo("4111");
        assertThat(out.at("/people/0/password").textValue()).isEqualTo("***");
        assertThat(out.at("/people/1/password").textValue()).isEqualTo("***");
        assertThat(out.at("/people/1/name").textValue()).isEqualTo("Eve");
        assertThat(out.get("Password").textValue()).as("names are case-sensitive").isEqualTo("case matters");
        assertThat(out.get("to").textValue()).isEqualTo("ann@example.com");
    }

    @Test
    void leavesItsInputAloneAndRedactsText() {
        JsonNode in = JsonRecords.parse(JSON);
        Redactor.of(List.of("password")).redact(in);
        assertThat(in.get("password").textValue()).isEqualTo("hunter2");
        assertThat(Redactor.parse("to").redact("{\"to\":\"x\",\"n\":1}")).isEqualTo("{\"to\":\"***\",\"n\":1}");
    }

    @Test
    void withNoFieldsNothingChanges() {
        assertThat(Redactor.parse("").fields()).isEmpty();
        assertThat(Redactor.parse(null)).isSameAs(Redactor.none());
        assertThat(Redactor.none().redact(JSON)).isEqualTo(JSON);
    }

    @Test
    void readsTheRedactFieldsConfigKey() {
        DeadLetterConfig config = new DeadLetterConfig(Map.of("redact.fields", "password,ssn"));
        assertThat(Redactor.from(config).fields()).containsExactlyInAnyOrder("password", "ssn");
    }

    @Test
    void aNameWithSpacesInsideIsRefusedQuotingIt() {
        assertThatThrownBy(() -> Redactor.parse("password,credit card"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redact.fields").hasMessageContaining("'credit card'");
    }
}
