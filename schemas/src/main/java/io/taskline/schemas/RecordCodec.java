package io.taskline.schemas;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns Avro records into bytes on the wire and back.
 *
 * <p>The one seam between Taskline and its wire format: {@link SingleObjectCodec} writes Avro
 * single-object encoding; a Confluent wire-format adapter would be a second implementation.
 * Usage: {@code Task t = codec.decode(codec.encode(task), Task.class);}
 */
public interface RecordCodec {

    /** Encodes a specific or generic record, registering its writer schema first. */
    byte[] encode(GenericContainer record);

    /**
     * Decodes bytes into {@code type} (a generated SpecificRecord class), resolving the writer
     * schema by fingerprint and applying Avro schema resolution.
     *
     * @throws UndecodableRecordException when the bytes cannot be read as {@code type}
     */
    <T> T decode(byte[] bytes, Class<T> type);

    /** Decodes bytes as a generic record read with {@code readerSchema}. */
    GenericRecord decode(byte[] bytes, Schema readerSchema);

    /** Decodes bytes as a generic record of the schema they were written with. */
    GenericRecord decodeAsWritten(byte[] bytes);

    /** The schema the bytes were written with. */
    Schema writerSchema(byte[] bytes);
}
