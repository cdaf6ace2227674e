/**
 * Dead letters: list and filter them ({@link io.taskline.dlq.DeadLetterReader}), show their
 * payloads ({@link io.taskline.dlq.DeadLetterPayloads}, {@link io.taskline.dlq.Redactor}), and
 * replay them once, recorded in a ledger ({@link io.taskline.dlq.DeadLetterReplayer},
 * {@link io.taskline.dlq.ReplayLedger}). Everything else lives in {@code internal}.
 *
 * <p>Usage: {@code try (DeadLetterReader r = DeadLetterReader.create(config)) { r.scan("emails", filter, 100); }}
 */
package io.taskline.dlq;
