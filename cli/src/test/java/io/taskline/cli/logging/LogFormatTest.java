package io.taskline.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskline.cli.CliConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void backToLogbackXml() throws Exception {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void jsonWritesOneObjectPerLineToStderrWithTheKeyValues() throws Exception {
        LogFormat.apply(Map.of(LogFormat.CONFIG, "JSON"));

        List<String> lines = capturingStderr(() -> {
            Logger log = LoggerFactory.getLogger("io.taskline.test");
            log.atInfo().addKeyValue("taskId", "t-1").addKeyValue("attempt", 2).log("task succeeded");
            log.info("a \"quoted\"\nsecond line");
        });

        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("io.taskline.test");
        assertThat(first.path("formattedMessage").asText()).isEqualTo("task succeeded");
        assertThat(first.path("kvpList").toString()).contains("\"taskId\":\"t-1\"", "\"attempt\":\"2\"");
        assertThat(JSON.readTree(lines.get(1)).path("formattedMessage").asText()).isEqualTo("a \"quoted\"\nsecond line");
    }

    @Test
    void textOrNoSettingLeavesLogbackXmlInCharge() {
        LogFormat.apply(Map.of());
        LogFormat.apply(Map.of(LogFormat.CONFIG, "text"));

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR")).isInstanceOf(OutputStreamAppender.class);
        assertThat(((OutputStreamAppender<?>) root.getAppender("STDERR")).getEncoder()).isNotInstanceOf(JsonEncoder.class);
    }

    @Test
    void refusesAnUnknownFormatNamingTheKeyAndValue() {
        assertThatThrownBy(() -> LogFormat.apply(Map.of(LogFormat.CONFIG, "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.format").hasMessageContaining("xml");
    }

    @Test
    void theEnvironmentVariableSetsTheKey() {
        assertThat(CliConfig.fromEnvironment(Map.of("TASKLINE_LOGGING_FORMAT", "json")))
                .containsEntry(LogFormat.CONFIG, "json");
    }

    private static List<String> capturingStderr(Runnable logging) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
