package io.taskline.testing;

/**
 * A Kafka broker for a test suite that uses Taskline: the {@code apache/kafka} image through
 * Testcontainers where Docker runs, otherwise the real in-process broker of
 * {@code taskline-embedded-kafka}. Tests see the same thing either way: an address to connect
 * to, and a way to take the broker away and bring it back.
 *
 * <p>Usage: {@code @ExtendWith(TasklineKafkaExtension.class) class MyIT { @Test void t(TasklineKafka kafka) {
 * props.put("bootstrap.servers", kafka.bootstrapServers()); } }}
 */
public interface TasklineKafka {

    /** Which broker this is. */
    enum Kind {
        /** {@code apache/kafka} in a Docker container, started by Testcontainers. */
        TESTCONTAINERS,
        /** The real broker from the Maven artifacts, running in this JVM. */
        EMBEDDED
    }

    /**
     * The address Kafka clients connect to, {@code host:port}; the same before and after a
     * {@link #stop()}/{@link #start()} cycle.
     *
     * <p>Usage: {@code props.put("bootstrap.servers", kafka.bootstrapServers());}
     */
    String bootstrapServers();

    /**
     * Takes the broker down, keeping its address and data, to test how code rides out an outage.
     *
     * <p>Usage: {@code kafka.stop(); ...; kafka.start();}
     */
    void stop();

    /**
     * Brings the broker back (on the same address, with the same data) and waits until it answers;
     * does nothing while it runs.
     *
     * <p>Usage: {@code kafka.start();}
     */
    void start();

    /**
     * Which implementation runs.
     *
     * <p>Usage: {@code assumeTrue(kafka.kind() == TasklineKafka.Kind.TESTCONTAINERS);}
     */
    Kind kind();
}
