package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.producer.RunTime;
import io.taskline.producer.TaskRequest;
import io.taskline.schemas.examples.Flaky;
import io.taskline.schemas.examples.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The {@code publish --file} format, parsed and converted without Kafka. */
class TaskLinesTest {

    private static final Map<String, Schema> TYPES = Map.of(
            "echo", Message.getClassSchema(),
            "flaky", Flaky.getClassSchema());

    private static final Function<String, Schema> SCHEMAS = type -> {
        Schema schema = TYPES.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("unknown type '" + type + "' on queue 'demo' (known: echo, flaky)");
        }
        return schema;
    };

    private static String echo(String message) {
        return "{\"type\": \"echo\", \"payload\": {\"message\": \"" + message + "\"}}";
    }

    @Test
    void convertsEveryLineSkippingBlankOnes() {
        List<String> file = List.of(echo("a"), "", "   ",
                "{\"type\": \"flaky\", \"key\": \"u-1\", \"id\": \"t-1\", \"maxAttempts\": 2, \"payload\": {\"failTimes\": 1}}");

        List<TaskRequest> requests = TaskLines.toRequests("demo", TaskLines.parse(file), SCHEMAS, null, RunTime.now());

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).maxAttempts()).isNull();
        TaskRequest flaky = requests.get(1);
        assertThat(flaky.queue()).isEqualTo("demo");
        assertThat(flaky.type()).isEqualTo("flaky");
        assertThat(flaky.key()).isEqualTo("u-1");
        assertThat(flaky.id()).isEqualTo("t-1");
        assertThat(flaky.maxAttempts()).isEqualTo(2);
        assertThat(((GenericRecord) flaky.payload()).get("failTimes")).isEqualTo(1);
    }

    @Test
    void namesTheLineOfAPayloadFieldOfTheWrongType() {
        List<String> file = new ArrayList<>(List.of(echo("1"), echo("2"), "", echo("4"), echo("5"), echo("6")));
        file.add("{\"type\": \"flaky\", \"payload\": {\"failTimes\": \"x\"}}");
        file.add(echo("8"));
        List<TaskLines.Line> lines = TaskLines.parse(file);

        assertThatThrownBy(() -> TaskLines.toRequests("demo", lines, SCHEMAS, null, RunTime.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 7: field 'failTimes': expected int, got string \"x\"");
    }

    @Test
    void namesTheLineOfMalformedJson() {
        assertThatThrownBy(() -> TaskLines.parse(List.of(echo("a"), "{\"type\": ")))
                .hasMessageStartingWith("line 2: malformed JSON: ");
    }

    @Test
    void namesTheLineOfAnUnknownKeyOrAMissingPart() {
        assertThatThrownBy(() -> TaskLines.parse(List.of("{\"type\": \"echo\", \"payload\": {}, \"tipe\": 1}")))
                .hasMessage("line 1: unknown key 'tipe' (expected type, key, id, maxAttempts, payload)");
        assertThatThrownBy(() -> TaskLines.parse(List.of(echo("a"), "{\"payload\": {}}")))
                .hasMessage("line 2: missing 'type'");
        assertThatThrownBy(() -> TaskLines.parse(List.of("[1, 2]")))
                .hasMessage("line 1: expected a JSON object, got array");
        assertThatThrownBy(() -> TaskLines.parse(List.of("{\"type\": \"echo\", \"payload\": {}, \"maxAttempts\": 0}")))
                .hasMessage("line 1: 'maxAttempts' must be a whole number of at least 1, got 0");
    }

    @Test
    void namesTheLineOfAnUnknownType() {
        List<TaskLines.Line> lines = TaskLines.parse(List.of(echo("a"), "{\"type\": \"nope\", \"payload\": {}}"));

        assertThatThrownBy(() -> TaskLines.toRequests("demo", lines, SCHEMAS, null, RunTime.now()))
                .hasMessage("line 2: unknown type 'nope' on queue 'demo' (known: echo, flaky)");
    }

    @Test
    void appliesTheDefaultMaxAttemptsToLinesWithoutTheirOwn() {
        List<TaskLines.Line> lines = TaskLines.parse(List.of(echo("a"),
                "{\"type\": \"echo\", \"maxAttempts\": 5, \"payload\": {\"message\": \"b\"}}"));

        List<TaskRequest> requests = TaskLines.toRequests("demo", lines, SCHEMAS, 3, RunTime.now());

        assertThat(requests).extracting(TaskRequest::maxAttempts).containsExactly(3, 5);
    }
}
