/**
 * Implementation details of {@link io.taskline.kafka.EmbeddedKafkaBroker}; not a supported API.
 *
 * <p>Usage: none outside {@code io.taskline.kafka}.
 */
package io.taskline.kafka.internal;
