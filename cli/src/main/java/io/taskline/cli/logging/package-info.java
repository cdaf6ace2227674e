/**
 * How the {@code taskline} command logs: {@link io.taskline.cli.logging.LogFormat} switches the
 * worker between logback.xml's text lines and JSON lines.
 *
 * <p>Usage: {@code LogFormat.apply(Map.of("logging.format", "json"));}
 */
package io.taskline.cli.logging;
