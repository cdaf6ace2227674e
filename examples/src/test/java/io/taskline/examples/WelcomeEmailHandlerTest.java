package io.taskline.examples;

import static io.taskline.examples.TestContexts.aContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.WelcomeEmail;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WelcomeEmailHandlerTest {

    private GreenMail greenMail;
    private WelcomeEmailHandler handler;

    @BeforeEach
    void startSmtpServer() {
        ServerSetup smtp = ServerSetup.SMTP.dynamicPort();
        greenMail = new GreenMail(smtp);
        greenMail.start();
        handler = new WelcomeEmailHandler();
        handler.configure(Map.of(
                ExamplesConfig.SMTP_HOST_CONFIG, smtp.getBindAddress(),
                ExamplesConfig.SMTP_PORT_CONFIG, String.valueOf(greenMail.getSmtp().getPort()),
                ExamplesConfig.MAIL_FROM_CONFIG, "hello@taskline.test"));
    }

    @AfterEach
    void stopSmtpServer() {
        greenMail.stop();
    }

    @Test
    void sendsOneWelcomeMailToTheAddressOverSmtp() throws Exception {
        WelcomeEmail payload = WelcomeEmail.newBuilder().setTo("ada@example.com").setName("Ada").build();

        handler.handle(payload, aContext().withTaskId("t-1").build());

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage mail = received[0];
        assertThat(mail.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress("ada@example.com"));
        assertThat(mail.getFrom()).containsExactly(new InternetAddress("hello@taskline.test"));
        assertThat(mail.getSubject()).isEqualTo("Welcome, Ada");
        assertThat(mail.getContent().toString()).contains("Hello Ada");
        assertThat(mail.getHeader(WelcomeEmailHandler.IDEMPOTENCY_KEY_HEADER)).containsExactly("t-1");
        assertThat(mail.getHeader("Content-Language")).containsExactly("en");
    }

    @Test
    void keepsANameWithLineBreaksOutOfTheHeaders() throws Exception {
        WelcomeEmail payload = WelcomeEmail.newBuilder().setTo("eve@example.com")
                .setName("Eve\r\nBcc: victim@example.com").build();

        handler.handle(payload, aContext().build());

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("Welcome, Eve  Bcc: victim@example.com");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress("eve@example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not an address", "no-at-sign", "a@b@c", "ada@example.com, bob@example.com", ""})
    void deadLettersAnInvalidAddressWithoutSendingAnything(String to) {
        WelcomeEmail payload = WelcomeEmail.newBuilder().setTo(to).setName("Ada").build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("is not a valid email address");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void retriesWhenTheSmtpServerIsDown() {
        int port = greenMail.getSmtp().getPort();
        greenMail.stop();
        WelcomeEmail payload = WelcomeEmail.newBuilder().setTo("ada@example.com").setName("Ada").build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .as("nothing listens on port %d any more", port)
                .isInstanceOf(jakarta.mail.MessagingException.class)
                .isNotInstanceOf(NonRetryableException.class);
    }

    @Test
    void refusesAnInvalidSenderAtConfigureTime() {
        assertThatThrownBy(() -> new WelcomeEmailHandler().configure(Map.of(ExamplesConfig.MAIL_FROM_CONFIG, "nobody")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ExamplesConfig.MAIL_FROM_CONFIG);
    }
}
