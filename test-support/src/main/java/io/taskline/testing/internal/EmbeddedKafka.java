package io.taskline.testing.internal;

import io.taskline.kafka.EmbeddedKafkaBroker;
import io.taskline.kafka.EmbeddedKafkaExtension;
import io.taskline.testing.TasklineKafka;

/**
 * {@link TasklineKafka} on the JVM's shared embedded broker, the one {@link EmbeddedKafkaExtension}
 * also hands out, so a suite mixing both extensions runs one broker. That broker closes with the
 * JVM (its own shutdown hook).
 *
 * <p>Usage: {@code TasklineKafka kafka = EmbeddedKafka.create(); kafka.start();}
 */
public final class EmbeddedKafka implements TasklineKafka {

    private EmbeddedKafkaBroker broker;

    private EmbeddedKafka() {
    }

    /** An embedded broker handle; {@link #start()} starts it. */
    public static EmbeddedKafka create() {
        return new EmbeddedKafka();
    }

    @Override
    public synchronized String bootstrapServers() {
        return running().bootstrapServers();
    }

    @Override
    public synchronized void stop() {
        running().stop();
    }

    @Override
    public synchronized void start() {
        // sharedBroker() starts the broker, and starts it again on the same port and data if stopped.
        broker = EmbeddedKafkaExtension.sharedBroker();
    }

    @Override
    public Kind kind() {
        return Kind.EMBEDDED;
    }

    private EmbeddedKafkaBroker running() {
        if (broker == null) {
            start();
        }
        return broker;
    }

    @Override
    public String toString() {
        return "TasklineKafka[embedded " + broker + "]";
    }
}
