/**
 * A real, in-process, single-node Apache Kafka broker (KRaft, combined broker + controller) for
 * tests, demos and the {@code taskline broker} command.
 *
 * <p>Usage: {@code try (var kafka = EmbeddedKafkaBroker.builder().build().start()) { kafka.bootstrapServers(); }}
 */
package io.taskline.kafka;
