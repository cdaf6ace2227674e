package io.taskline.examples;

import static io.taskline.examples.TestContexts.aContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Message;
import org.junit.jupiter.api.Test;

class SimpleHandlersTest {

    @Test
    void echoSucceeds() {
        EchoHandler handler = new EchoHandler();

        assertThat(handler.payloadType()).isEqualTo(Message.class);
        assertThatCode(() -> handler.handle(new Message("hello"), aContext().build())).doesNotThrowAnyException();
    }

    @Test
    void alwaysFailThrowsARetryableFailureNamingTheMessage() {
        AlwaysFailHandler handler = new AlwaysFailHandler();

        assertThatThrownBy(() -> handler.handle(new Message("boom"), aContext().withAttempt(3).build()))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(NonRetryableException.class)
                .hasMessage("always-fail: boom");
    }
}
