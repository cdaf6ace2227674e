package io.taskline.testing.internal;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.taskline.testing.TasklineKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link TasklineKafka} on Testcontainers' {@link KafkaContainer} ({@code apache/kafka}, KRaft,
 * single node). The container's port 9092 is bound to one host port chosen up front, so that
 * {@link #stop()} and {@link #start()} (a Docker stop and start of the same container, keeping its
 * data) leave {@link #bootstrapServers()} unchanged.
 *
 * <p>Usage: {@code ContainerKafka kafka = ContainerKafka.create(); kafka.start(); ... kafka.close();}
 */
public final class ContainerKafka implements TasklineKafka, AutoCloseable {

    /** The image used unless {@value #IMAGE_PROPERTY} names another {@code apache/kafka} tag. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";
    /** System property naming the image. */
    public static final String IMAGE_PROPERTY = "taskline.test.kafka.image";
    private static final int KAFKA_PORT = 9092;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final KafkaContainer container;
    private boolean stoppedByUs;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    /** A container definition; nothing runs until {@link #start()}. */
    public static ContainerKafka create() {
        DockerImageName image = DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("apache/kafka");
        int hostPort = freePort();
        KafkaContainer container = new KafkaContainer(image)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(KAFKA_PORT))));
        return new ContainerKafka(container);
    }

    @Override
    public synchronized String bootstrapServers() {
        if (!stoppedByUs) {
            start();
        }
        // The port mapping read at first start stays valid: the host port is fixed.
        return container.getBootstrapServers();
    }

    @Override
    public synchronized void stop() {
        if (container.isRunning()) {
            DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
            stoppedByUs = true;
        }
    }

    @Override
    public synchronized void start() {
        if (stoppedByUs) {
            // The same container again: the start script and the KRaft data are still in it.
            DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
            stoppedByUs = false;
            BrokerReadiness.await(container.getBootstrapServers(), READY_TIMEOUT);
        } else if (!container.isRunning()) {
            container.start();
        }
    }

    @Override
    public Kind kind() {
        return Kind.TESTCONTAINERS;
    }

    /** Removes the container. */
    @Override
    public synchronized void close() {
        container.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Kafka container", e);
        }
    }

    @Override
    public String toString() {
        return "TasklineKafka[testcontainers " + container.getDockerImageName() + "]";
    }
}
