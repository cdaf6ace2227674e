package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.processors.WorkerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typos in a worker's keys are found; handlers' own keys and every real Kafka key are not. */
class UnknownKeysTest {

    @Test
    void typosInTasklinesAndKafkasKeysAreFoundAndEverythingElseIsLeftAlone() {
        Map<String, String> props = new HashMap<>();
        // Real keys.
        props.put("bootstrap.servers", "b:9092");
        props.put("queues", "smoke");
        props.put("metrics.port", "9100");
        props.put("queue.smoke.concurrency", "8");
        props.put("queue.smoke.max.attempts", "3");
        props.put("queue.smoke.handler.echo", "x.Echo");
        props.put("queue.smoke.timeout.echo", "1m");
        props.put("queue.smoke.ratelimit.echo", "smtp");
        props.put("ratelimit.smtp", "50/1s");
        props.put("kafka.security.protocol", "SASL_SSL");
        props.put("kafka.sasl.jaas.config", "...");
        props.put("kafka.ssl.truststore.password", "...");
        props.put("kafka.producer.linger.ms", "5");
        props.put("kafka.topic.min.insync.replicas", "2");
        props.put("kafka.config.providers", "file");
        props.put("kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        props.put("kafka.poll.ms", "10");
        props.put("kafka.client.tag.zone", "eu-1");
        props.put("queue.smoke.bulk.concurrency", "4");
        // A handler's own keys, and the CLI's.
        props.put("smtp.host", "mail");
        props.put("examples.output.dir", "out");
        props.put("logging.format", "json");
        props.put("cli.kafka.timeout", "5s");
        // Typos.
        props.put("queue.smoke.concurency", "2");
        props.put("queue.smok.handler.echo", "x.Echo");
        props.put("metrics.prot", "9999");
        props.put("dedup.windw", "1h");
        props.put("kafka.securty.protocol", "SASL_PLAINTEXT");
        props.put("kafka.ssl.truststore.pasword", "...");
        props.put("kafka.producer.lingr.ms", "5");

        assertThat(UnknownKeys.of(props, WorkerConfig.configDef().names(), List.of("smoke", "smoke.bulk"))).containsExactly(
                "dedup.windw", "kafka.producer.lingr.ms", "kafka.securty.protocol", "kafka.ssl.truststore.pasword",
                "metrics.prot", "queue.smok.handler.echo", "queue.smoke.concurency");
    }
}
