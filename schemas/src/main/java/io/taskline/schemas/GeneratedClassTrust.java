package io.taskline.schemas;

import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro load classes generated from schemas (records, enums, fixed) by the names in a
 * schema, on top of whatever the application already trusts. Avro 1.12 refuses any class not
 * trusted, which would stop payloads of the application's own generated classes.
 *
 * <p>Usage: {@code GeneratedClassTrust.install();} (idempotent; the codec calls it).
 */
public final class GeneratedClassTrust {

    private static volatile boolean installed;

    private GeneratedClassTrust() {
    }

    /** Adds trust in generated Avro classes to Avro's global class validator, once per JVM. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, GeneratedClassTrust::isGenerated));
        installed = true;
    }

    private static boolean isGenerated(Class<?> type) {
        return SpecificRecord.class.isAssignableFrom(type)
                || SpecificFixed.class.isAssignableFrom(type)
                || (type.isEnum() && GenericEnumSymbol.class.isAssignableFrom(type));
    }
}
