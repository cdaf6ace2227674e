package io.taskline.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding ({@code C3 01}, 8-byte CRC-64-AVRO fingerprint, binary body),
 * with writer schemas registered in and resolved from a {@link SchemaRegistry}.
 *
 * <p>Usage: {@code RecordCodec codec = new SingleObjectCodec(registry);}
 */
public final class SingleObjectCodec implements RecordCodec {

    private static final int HEADER_LENGTH = 10;

    static {
        GeneratedClassTrust.install();
    }

    private final SchemaRegistry registry;
    private final Map<Schema, BinaryMessageEncoder<Object>> encoders = new ConcurrentHashMap<>();
    private final Map<Object, BinaryMessageDecoder<?>> decoders = new ConcurrentHashMap<>();

    /** Creates a codec that registers and resolves writer schemas through {@code registry}. */
    public SingleObjectCodec(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public byte[] encode(GenericContainer record) {
        Schema schema = record.getSchema();
        BinaryMessageEncoder<Object> encoder = encoders.computeIfAbsent(schema, s -> {
            registry.register(s);
            GenericData model = record instanceof SpecificRecord
                    ? SpecificData.getForSchema(s) : GenericData.get();
            return new BinaryMessageEncoder<>(model, s);
        });
        try {
            return toArray(encoder.encode(record));
        } catch (IOException | RuntimeException e) {
            // Avro reports a mistyped field as ClassCastException and a missing one as NullPointerException.
            throw new IllegalArgumentException("cannot encode " + schema.getFullName() + ": " + e, e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T decode(byte[] bytes, Class<T> type) {
        BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) decoders.computeIfAbsent(type, t -> {
            SpecificData model = SpecificData.getForClass(type);
            return new BinaryMessageDecoder<T>(model, model.getSchema(type), registry);
        });
        return read(decoder, bytes);
    }

    @Override
    @SuppressWarnings("unchecked")
    public GenericRecord decode(byte[] bytes, Schema readerSchema) {
        BinaryMessageDecoder<GenericRecord> decoder = (BinaryMessageDecoder<GenericRecord>) decoders.computeIfAbsent(
                readerSchema, s -> new BinaryMessageDecoder<GenericRecord>(GenericData.get(), readerSchema, registry));
        return read(decoder, bytes);
    }

    @Override
    public GenericRecord decodeAsWritten(byte[] bytes) {
        return decode(bytes, writerSchema(bytes));
    }

    @Override
    public Schema writerSchema(byte[] bytes) {
        long fingerprint = fingerprint(bytes);
        Schema schema = registry.findByFingerprint(fingerprint);
        if (schema == null) {
            throw new UndecodableRecordException(
                    "unknown schema fingerprint " + Long.toHexString(fingerprint) + " (not in the schema registry)", null);
        }
        return schema;
    }

    /** The CRC-64-AVRO fingerprint in a single-object encoded header. */
    public static long fingerprint(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw new UndecodableRecordException("not Avro single-object encoded (no C3 01 header)", null);
        }
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The CRC-64-AVRO fingerprint of a schema, as single-object encoding writes it. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static <T> T read(BinaryMessageDecoder<T> decoder, byte[] bytes) {
        long fingerprint = fingerprint(bytes);
        try {
            return decoder.decode(bytes);
        } catch (org.apache.avro.message.MissingSchemaException e) {
            throw new UndecodableRecordException(
                    "unknown schema fingerprint " + Long.toHexString(fingerprint) + " (not in the schema registry)", e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("cannot decode body of schema " + Long.toHexString(fingerprint)
                    + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
