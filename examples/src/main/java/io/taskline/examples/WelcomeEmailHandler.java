package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.WelcomeEmail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type {@code welcome-email}: sends a plain-text welcome mail over SMTP (Jakarta Mail) to
 * {@code examples.smtp.host}:{@code examples.smtp.port} from {@code examples.mail.from}.
 * The task's idempotency key goes in an {@value #IDEMPOTENCY_KEY_HEADER} header, so a mail
 * system (or a test) can recognise a resend after a retry. A malformed recipient address fails
 * for good ({@link NonRetryableException}); a server that cannot be reached is retried. A
 * malformed {@code examples.mail.from} is a {@code ConfigException} when the worker starts.
 *
 * <p>Usage: {@code queue.demo.handler.welcome-email=io.taskline.examples.WelcomeEmailHandler},
 * then publish {@code WelcomeEmail{to="ada@example.com", name="Ada"}}.
 */
public final class WelcomeEmailHandler implements TaskHandler<WelcomeEmail> {

    /** The header carrying the task's idempotency key. */
    public static final String IDEMPOTENCY_KEY_HEADER = "X-Idempotency-Key";

    private static final Logger LOG = LoggerFactory.getLogger(WelcomeEmailHandler.class);
    /** A stuck SMTP server must fail the attempt, not hang the worker. */
    private static final String TIMEOUT_MS = "10000";

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    private Session session;
    private InternetAddress from;

    /** Creates the handler with the default settings; {@link #configure} replaces them. */
    public WelcomeEmailHandler() {
        configure(Map.of());
    }

    /** {@link WelcomeEmail}. */
    @Override
    public Class<WelcomeEmail> payloadType() {
        return WelcomeEmail.class;
    }

    /** Reads {@code examples.smtp.host}, {@code examples.smtp.port} and {@code examples.mail.from}. */
    @Override
    public void configure(Map<String, String> workerConfig) {
        ExamplesConfig config = new ExamplesConfig(workerConfig);
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", config.smtpHost());
        props.setProperty("mail.smtp.port", String.valueOf(config.smtpPort()));
        props.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MS);
        props.setProperty("mail.smtp.timeout", TIMEOUT_MS);
        props.setProperty("mail.smtp.writetimeout", TIMEOUT_MS);
        try {
            this.from = strict(config.mailFrom());
        } catch (AddressException e) {
            throw new ConfigException(ExamplesConfig.MAIL_FROM_CONFIG, config.mailFrom(), e.getMessage());
        }
        this.session = Session.getInstance(props);
    }

    /** Builds the welcome mail and sends it. */
    @Override
    public void handle(WelcomeEmail payload, TaskContext context) throws MessagingException {
        InternetAddress to = recipient(payload.getTo());
        String name = singleLine(payload.getName());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject("Welcome, " + name, StandardCharsets.UTF_8.name());
        message.setText(body(name), StandardCharsets.UTF_8.name());
        message.setHeader(IDEMPOTENCY_KEY_HEADER, singleLine(context.idempotencyKey()));
        if (LANGUAGE_TAG.matcher(payload.getLocale()).matches()) {
            message.setHeader("Content-Language", payload.getLocale());
        }
        try {
            Transport.send(message);
        } catch (SendFailedException e) {
            if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
                throw new NonRetryableException("the SMTP server refused recipient " + to, e);
            }
            throw e;
        }
        LOG.info("welcome-email task {}: sent (attempt {})", context.taskId(), context.attempt());
    }

    private static String body(String name) {
        return "Hello " + name + ",\n\n"
                + "welcome aboard! Your account is ready.\n\n"
                + "-- The Taskline demo\n";
    }

    /** Control characters (CR, LF) in a header value could inject headers: they become spaces. */
    private static String singleLine(String value) {
        return value.replaceAll("\\p{Cntrl}", " ").strip();
    }

    private static InternetAddress recipient(String value) {
        try {
            return strict(value);
        } catch (AddressException e) {
            throw new NonRetryableException("to '" + value + "' is not a valid email address: " + e.getMessage(), e);
        }
    }

    /** A single user@domain address, parsed strictly. */
    private static InternetAddress strict(String value) throws AddressException {
        InternetAddress address = new InternetAddress(value, true);
        if (address.isGroup() || address.getAddress().indexOf('@') < 1) {
            throw new AddressException("not a user@domain address", value);
        }
        return address;
    }
}
