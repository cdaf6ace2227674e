package io.taskline.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension sharing one {@link EmbeddedKafkaBroker} per test JVM. The broker starts on first use
 * and is closed when JUnit's root context closes, or else by a JVM shutdown hook. It injects
 * {@code EmbeddedKafkaBroker} into constructors, {@code @BeforeAll}/{@code @BeforeEach} methods and tests.
 *
 * <p>Usage: {@code @ExtendWith(EmbeddedKafkaExtension.class) class MyIT { @Test void t(EmbeddedKafkaBroker kafka) { } }}
 *
 * <p>A test that {@link EmbeddedKafkaBroker#stop() stops} the shared broker to simulate an outage should
 * start it again; if it does not, the next {@link #sharedBroker()} call or parameter injection does.
 */
public final class EmbeddedKafkaExtension implements ParameterResolver, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
    private static final Object LOCK = new Object();
    private static EmbeddedKafkaBroker shared;
    private static boolean hookInstalled;

    /**
     * Creates the extension; JUnit does this through {@code @ExtendWith}.
     *
     * <p>Usage: {@code @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();}
     */
    public EmbeddedKafkaExtension() {
    }

    /**
     * Returns the JVM-wide shared broker, starting it on first call (and restarting it, on the same port and
     * data, if a test left it stopped). Usable without the extension being registered.
     *
     * <p>Usage: {@code String bootstrap = EmbeddedKafkaExtension.sharedBroker().bootstrapServers();}
     *
     * @return the running shared broker
     */
    public static EmbeddedKafkaBroker sharedBroker() {
        synchronized (LOCK) {
            if (shared == null) {
                shared = EmbeddedKafkaBroker.builder().build();
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(
                            new Thread(EmbeddedKafkaExtension::closeShared, "taskline-embedded-kafka-shutdown"));
                    hookInstalled = true;
                }
            }
            return shared.start();
        }
    }

    /**
     * Makes sure the shared broker runs and ties its lifetime to JUnit's root context.
     *
     * <p>Usage: called by JUnit before the first test of each class.
     *
     * @param context the class-level extension context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        brokerFor(context);
    }

    /**
     * Supports parameters of type {@link EmbeddedKafkaBroker}.
     *
     * <p>Usage: called by JUnit for each parameter to resolve.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current extension context
     * @return whether the parameter is an {@code EmbeddedKafkaBroker}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    /**
     * Resolves an {@link EmbeddedKafkaBroker} parameter to the running shared broker.
     *
     * <p>Usage: called by JUnit for each supported parameter.
     *
     * @param parameterContext the parameter
     * @param extensionContext the current extension context
     * @return the shared broker
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return brokerFor(extensionContext);
    }

    private static EmbeddedKafkaBroker brokerFor(ExtensionContext context) {
        // JUnit closes AutoCloseable values of the root store once all tests of the engine are done.
        context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBrokerHandle.class, key -> new SharedBrokerHandle(), SharedBrokerHandle.class);
        return sharedBroker();
    }

    private static void closeShared() {
        synchronized (LOCK) {
            if (shared != null) {
                shared.close();
                shared = null;
            }
        }
    }

    /** Root-store entry whose closing closes the shared broker. */
    private static final class SharedBrokerHandle implements AutoCloseable {
        @Override
        public void close() {
            closeShared();
        }
    }
}
