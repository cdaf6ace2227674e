package io.taskline.schemas;

/**
 * A writer schema was refused because readers of the schema registered before it (or writers
 * of it) could not interoperate with it.
 *
 * <p>Usage: thrown by {@link SchemaRegistry#register}; the message says which fields differ.
 */
public class IncompatibleSchemaException extends RuntimeException {

    /** Creates the exception with a message that names the schema and what is incompatible. */
    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
