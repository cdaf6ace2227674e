package io.taskline.examples;

import io.taskline.retry.NonRetryableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/** Where the file-producing handlers write, and how: safe names, whole files or nothing. */
final class OutputFiles {

    /** A file-name stem: no separators, no leading dot, so a payload cannot escape the output dir. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /** Writes one file's bytes to a stream. */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private OutputFiles() {
    }

    /**
     * {@code value}, checked to be usable as (part of) a file name; anything else is a bad payload,
     * so {@link NonRetryableException} naming {@code field}.
     */
    static String checkName(String field, String value) {
        if (value == null || !SAFE_NAME.matcher(value).matches()) {
            throw new NonRetryableException(field + " '" + value + "' is not usable as a file name: use "
                    + SAFE_NAME.pattern());
        }
        return value;
    }

    /**
     * Writes {@code target} through a temporary file and a rename, so a crash or a failed attempt
     * never leaves half a file, and a retry simply replaces the previous result.
     */
    static void writeAtomically(Path target, Writer writer) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
