package io.taskline.processors.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The layout of the delayed-task store. A key is the run time as 8 big-endian bytes followed by
 * the task id, so the store iterates in due order and a task published twice is parked once. A
 * value is the record as it was read — key, value, headers and timestamp — so a fired task is
 * the same bytes a worker would have read from the queue. The first value byte is a format
 * version: the store outlives the code that wrote it (changelog, restarts).
 */
public final class ParkedTasks {

    private static final byte VERSION = 1;

    private ParkedTasks() {
    }

    /** The store key of a task due at {@code runAt}. */
    public static Bytes key(Instant runAt, String taskId) {
        byte[] id = taskId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(runAt.toEpochMilli()).put(id).array());
    }

    /** The smallest key of a task due after the epoch: parked tasks are all due in the future. */
    public static Bytes first() {
        return Bytes.wrap(new byte[Long.BYTES]);
    }

    /** A key above every task due at or before {@code millis} and below every one due later. */
    public static Bytes dueBy(long millis) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(millis + 1).array());
    }

    /** The stored form of {@code record}. */
    public static byte[] encode(Record<byte[], byte[]> record) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(VERSION);
            out.writeLong(record.timestamp());
            writeBytes(out, record.key());
            writeBytes(out, record.value());
            Header[] headers = record.headers().toArray();
            out.writeInt(headers.length);
            for (Header h : headers) {
                out.writeUTF(h.key());
                writeBytes(out, h.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The record a stored value holds. */
    public static Record<byte[], byte[]> decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("delayed task stored in format " + version + ", this worker reads "
                        + VERSION + ": run a newer worker");
            }
            long timestamp = in.readLong();
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            Headers headers = new RecordHeaders();
            for (int n = in.readInt(); n > 0; n--) {
                headers.add(in.readUTF(), readBytes(in));
            }
            return new Record<>(key, value, timestamp, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
