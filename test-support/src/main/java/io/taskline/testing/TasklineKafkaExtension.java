package io.taskline.testing;

import io.taskline.testing.internal.BrokerChoice;
import io.taskline.testing.internal.ContainerKafka;
import io.taskline.testing.internal.EmbeddedKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * JUnit 5 extension giving every test of the JVM one shared {@link TasklineKafka}: Testcontainers'
 * {@code apache/kafka} when Docker is available, otherwise the embedded broker. It is chosen and
 * started on first use, injected into constructors, {@code @BeforeAll}/{@code @BeforeEach}
 * methods and tests, and stopped when JUnit finishes. Set the system property
 * {@value BrokerChoice#PROPERTY} to {@code embedded} or {@code testcontainers} to choose yourself.
 *
 * <p>Usage: {@code @ExtendWith(TasklineKafkaExtension.class) class MyIT { @Test void t(TasklineKafka kafka) { } }}
 *
 * <p>A test that {@link TasklineKafka#stop() stops} the shared broker should start it again;
 * if it does not, the next injection does.
 */
public final class TasklineKafkaExtension implements ParameterResolver, BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TasklineKafkaExtension.class);
    private static final Object LOCK = new Object();
    private static Shared shared;

    /**
     * Creates the extension; JUnit does this through {@code @ExtendWith}.
     *
     * <p>Usage: {@code @RegisterExtension static TasklineKafkaExtension kafka = new TasklineKafkaExtension();}
     */
    public TasklineKafkaExtension() {
    }

    /**
     * The JVM-wide broker, chosen and started on first call (and started again if a test left it
     * stopped). Usable without registering the extension.
     *
     * <p>Usage: {@code String bootstrap = TasklineKafkaExtension.sharedKafka().bootstrapServers();}
     */
    public static TasklineKafka sharedKafka() {
        synchronized (LOCK) {
            if (shared == null) {
                TasklineKafka kafka = create(BrokerChoice.decide(System.getProperty(BrokerChoice.PROPERTY),
                        TasklineKafkaExtension::dockerAvailable));
                shared = new Shared(kafka);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "taskline-test-kafka-shutdown"));
            }
            shared.kafka.start();
            return shared.kafka;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafkaFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TasklineKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return kafkaFor(extensionContext);
    }

    private static TasklineKafka kafkaFor(ExtensionContext context) {
        TasklineKafka kafka = sharedKafka();
        // JUnit closes AutoCloseable values of the root store once every test of the engine is done.
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, key -> shared, Shared.class);
        return kafka;
    }

    private static TasklineKafka create(TasklineKafka.Kind kind) {
        return kind == TasklineKafka.Kind.TESTCONTAINERS ? ContainerKafka.create() : EmbeddedKafka.create();
    }

    private static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** The JVM's broker; closing it stops a container for good (the embedded broker closes with its own hook). */
    private static final class Shared implements AutoCloseable {
        private final TasklineKafka kafka;
        private boolean closed;

        Shared(TasklineKafka kafka) {
            this.kafka = kafka;
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                if (!closed && kafka instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not stop the test Kafka broker", e);
                    }
                }
                closed = true;
                if (shared == this) {
                    shared = null;
                }
            }
        }
    }
}
