package io.taskline.examples;

import static io.taskline.examples.TestContexts.aContext;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskline.schemas.examples.Message;
import io.taskline.schemas.examples.Report;
import io.taskline.schemas.examples.Thumbnail;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The example handlers log what they did (ids, sizes), never a payload value: the README promises it. */
class HandlerLogsTest {

    @TempDir
    Path outputDir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    @Test
    void aReportIsLoggedByTaskIdAndSizeNotByAccount() throws Exception {
        ReportHandler handler = new ReportHandler();
        handler.configure(Map.of(ExamplesConfig.OUTPUT_DIR_CONFIG, outputDir.toString()));

        handler.handle(Report.newBuilder().setAccount("acct-private-7").setMonth("2026-03").build(),
                aContext().withTaskId("t-report").build());

        assertThat(lines()).anyMatch(l -> l.contains("t-report")).noneMatch(l -> l.contains("acct-private-7"));
    }

    @Test
    void aThumbnailIsLoggedByTaskIdAndSizeNotByImageId() throws Exception {
        ThumbnailHandler handler = new ThumbnailHandler();
        handler.configure(Map.of(ExamplesConfig.OUTPUT_DIR_CONFIG, outputDir.toString()));

        handler.handle(Thumbnail.newBuilder().setImageId("img-private-7").setSeed(7).build(),
                aContext().withTaskId("t-thumb").build());

        assertThat(lines()).anyMatch(l -> l.contains("t-thumb")).noneMatch(l -> l.contains("img-private-7"));
    }

    @Test
    void anEchoIsLoggedByTaskIdAndLengthNotByMessage() {
        new EchoHandler().handle(Message.newBuilder().setMessage("msg-private-7").build(),
                aContext().withTaskId("t-echo").build());

        assertThat(lines()).anyMatch(l -> l.contains("t-echo")).noneMatch(l -> l.contains("msg-private-7"));
    }

    private List<String> lines() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
