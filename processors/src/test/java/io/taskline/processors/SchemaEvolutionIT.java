package io.taskline.processors;

import static io.taskline.processors.testing.RecordingHandler.aHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.producer.InvalidTaskException;
import io.taskline.producer.TaskPublisher;
import io.taskline.producer.TaskRequest;
import io.taskline.processors.testing.RecordingHandler;
import io.taskline.processors.testing.TestQueues;
import io.taskline.processors.testing.WorkerFixture;
import io.taskline.retry.QueueTopics;
import io.taskline.schemas.SingleObjectCodec;
import io.taskline.schemas.examples.WelcomeEmail;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Producers on older and newer payload schemas interoperate with a worker, and an incompatible
 * schema is refused before anything is sent.
 *
 * <p>Every test here registers schemas under the full name of the handler's class
 * ({@code io.taskline.schemas.examples.WelcomeEmail}), which the whole JVM shares, and the
 * registry checks a new schema against the latest one of that name. So each compatible schema
 * here is compatible with every other one (same {@code to} and {@code name} strings, every other
 * field defaulted), each incompatible one is incompatible with all of them, and fields that must
 * be new get a name unique to the run: the order of tests and whatever ran before cannot change
 * an outcome.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SchemaEvolutionIT {

    private static final String NAME = "io.taskline.schemas.examples.WelcomeEmail";
    private static final String TYPE = "welcome";

    private final WorkerFixture fixture;

    SchemaEvolutionIT(EmbeddedKafkaBroker broker) {
        this.fixture = new WorkerFixture(broker.bootstrapServers());
    }

    @AfterEach
    void closeAll() throws Exception {
        fixture.close();
    }

    @Test
    void theHandlerReadsPayloadsOfAnOlderAndANewerSchemaOfItsClass() throws Exception {
        String queue = TestQueues.unique("evolve");
        RecordingHandler<WelcomeEmail> welcome = startWorker(queue);
        TaskPublisher publisher = fixture.publisher();

        Schema older = schema("""
                {"name": "to", "type": "string"},
                {"name": "name", "type": "string"}""");
        Schema newer = schema("""
                {"name": "to", "type": "string"},
                {"name": "name", "type": "string"},
                {"name": "locale", "type": "string", "default": "en"},
                {"name": "referrer", "type": "string", "default": ""}""");
        GenericRecord oldPayload = new GenericRecordBuilder(older).set("to", "ann@example.com").set("name", "Ann").build();
        GenericRecord newPayload = new GenericRecordBuilder(newer).set("to", "bo@example.com").set("name", "Bo")
                .set("locale", "fr").set("referrer", "newsletter").build();

        String oldId = publisher.publish(TaskRequest.to(queue).type(TYPE).payload(oldPayload).build()).join().id();
        String newId = publisher.publish(TaskRequest.to(queue).type(TYPE).payload(newPayload).build()).join().id();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> welcome.executionsOf(oldId).size() == 1 && welcome.executionsOf(newId).size() == 1);
        WelcomeEmail fromOld = (WelcomeEmail) welcome.executionsOf(oldId).get(0).payload();
        assertThat(fromOld.getTo()).isEqualTo("ann@example.com");
        assertThat(fromOld.getName()).isEqualTo("Ann");
        assertThat(fromOld.getLocale()).as("the reader's default fills a field the writer lacked").isEqualTo("en");
        WelcomeEmail fromNew = (WelcomeEmail) welcome.executionsOf(newId).get(0).payload();
        assertThat(fromNew.getTo()).isEqualTo("bo@example.com");
        assertThat(fromNew.getName()).isEqualTo("Bo");
        assertThat(fromNew.getLocale()).isEqualTo("fr");
        assertThat(fixture.endOffsets(QueueTopics.of(queue).dlq())).isZero();
    }

    @Test
    void anIncompatibleSchemaIsRefusedAtPublishNamingTheSchemaAndNothingIsSent() throws Exception {
        String queue = TestQueues.unique("incompatible");
        RecordingHandler<WelcomeEmail> welcome = startWorker(queue);
        TaskPublisher publisher = fixture.publisher();
        long before = fixture.endOffsets(queue);

        Schema nameIsAnInt = schema("""
                {"name": "to", "type": "string"},
                {"name": "name", "type": "int"}""");
        GenericRecord intName = new GenericRecordBuilder(nameIsAnInt).set("to", "cy@example.com").set("name", 42).build();
        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type(TYPE).payload(intName).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(NAME);

        String required = "plan_" + UUID.randomUUID().toString().replace("-", "");
        Schema newRequiredField = schema("""
                {"name": "to", "type": "string"},
                {"name": "name", "type": "string"},
                {"name": "%s", "type": "string"}""".formatted(required));
        GenericRecord withRequired = new GenericRecordBuilder(newRequiredField).set("to", "di@example.com")
                .set("name", "Di").set(required, "gold").build();
        assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type(TYPE).payload(withRequired).build()))
                .isInstanceOf(InvalidTaskException.class)
                .hasMessageContaining(NAME)
                .hasMessageContaining(required);

        publisher.flush();
        assertThat(fixture.endOffsets(queue)).as("nothing was sent").isEqualTo(before);
        assertThat(publisher.registry().findByFingerprint(SingleObjectCodec.fingerprint(nameIsAnInt)))
                .as("a refused schema is not registered").isNull();

        String okId = publisher.publish(TaskRequest.to(queue).type(TYPE).payload(WelcomeEmail.newBuilder()
                .setTo("ed@example.com").setName("Ed").build()).build()).join().id();
        await().atMost(Duration.ofSeconds(60)).until(() -> welcome.executionsOf(okId).size() == 1);
        assertThat(welcome.executions()).as("only the valid task ran").hasSize(1);
        assertThat(fixture.endOffsets(queue)).isEqualTo(before + 1);
    }

    @Test
    void aSchemaTheWorkersReaderCannotReadIsRefusedEvenWhenTheLatestRegisteredSchemaAcceptsIt() throws Exception {
        String queue = TestQueues.unique("transitive");
        RecordingHandler<WelcomeEmail> welcome = startWorker(queue);
        TaskPublisher publisher = fixture.publisher();
        String unique = UUID.randomUUID().toString().replace("-", "");

        // Made the latest schema of the name: compatible with the handler's schema both ways.
        Schema withoutLocale = schema("""
                {"name": "to", "type": "string"},
                {"name": "name", "type": "string"},
                {"name": "source_%s", "type": "string", "default": ""}""".formatted(unique));
        String bridgeId = publisher.publish(TaskRequest.to(queue).type(TYPE).payload(new GenericRecordBuilder(withoutLocale)
                .set("to", "fa@example.com").set("name", "Fa").build()).build()).join().id();
        await().atMost(Duration.ofSeconds(60)).until(() -> welcome.executionsOf(bridgeId).size() == 1);

        // Compatible with the latest (which has no locale), but the handler reads locale as a string.
        Schema intLocale = schema("""
                {"name": "to", "type": "string"},
                {"name": "name", "type": "string"},
                {"name": "locale", "type": "int", "default": 0},
                {"name": "source_%s", "type": "string", "default": ""}""".formatted(unique));
        GenericRecord payload = new GenericRecordBuilder(intLocale).set("to", "gu@example.com").set("name", "Gu")
                .set("locale", 7).build();
        long before = fixture.endOffsets(queue);

        try {
            assertThatThrownBy(() -> publisher.publish(TaskRequest.to(queue).type(TYPE).payload(payload).build()).join())
                    .isInstanceOf(InvalidTaskException.class)
                    .hasMessageContaining(NAME);
            assertThat(fixture.endOffsets(queue)).as("nothing was sent").isEqualTo(before);
        } finally {
            // While the bug stands, the int-locale schema is now the latest of the name and would
            // refuse the other tests' string-locale schemas: make a neutral schema the latest again.
            publisher.registry().register(schema("""
                    {"name": "to", "type": "string"},
                    {"name": "name", "type": "string"},
                    {"name": "after_%s", "type": "string", "default": ""}""".formatted(unique)));
        }
    }

    private RecordingHandler<WelcomeEmail> startWorker(String queue) throws InterruptedException {
        RecordingHandler<WelcomeEmail> welcome = aHandler(WelcomeEmail.class).named(TYPE);
        fixture.startWorker(TestQueues.workerProps(fixture.bootstrap(), queue, "1s", 2), queue, Map.of(TYPE, welcome));
        return welcome;
    }

    /** A record schema with the handler's full name and these fields. */
    private static Schema schema(String fields) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "WelcomeEmail", "namespace": "io.taskline.schemas.examples",
                 "fields": [%s]}""".formatted(fields));
    }
}
