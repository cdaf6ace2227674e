package io.taskline.schemas;

/**
 * Bytes that could not be decoded: not single-object encoded, an unknown fingerprint, or a
 * body that does not match its schema.
 *
 * <p>Usage: {@code catch (UndecodableRecordException e) { sendToDlq(raw, e.getMessage()); }}
 */
public class UndecodableRecordException extends RuntimeException {

    /** Creates the exception with the reason the record is undecodable. */
    public UndecodableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
