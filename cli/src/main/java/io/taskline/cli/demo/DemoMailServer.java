package io.taskline.cli.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An in-process SMTP server (GreenMail) on a free loopback port that the demo's emails go to. */
final class DemoMailServer implements AutoCloseable {

    private final GreenMail mail;

    private DemoMailServer(GreenMail mail) {
        this.mail = mail;
    }

    /** Starts the server on a free port on 127.0.0.1. */
    static DemoMailServer start() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        return new DemoMailServer(mail);
    }

    /** The SMTP port. */
    int port() {
        return mail.getSmtp().getPort();
    }

    /** How many messages arrived. */
    int received() {
        return mail.getReceivedMessages().length;
    }

    /** Writes every received message as an .eml file into {@code dir}; returns the files. */
    List<Path> saveAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        MimeMessage[] messages = mail.getReceivedMessages();
        for (int i = 0; i < messages.length; i++) {
            Path file = dir.resolve(String.format("email-%02d.eml", i + 1));
            try (OutputStream out = Files.newOutputStream(file)) {
                messages[i].writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("cannot save email " + (i + 1) + ": " + e.getMessage(), e);
            }
            files.add(file);
        }
        return files;
    }

    @Override
    public void close() {
        mail.stop();
    }
}
