/**
 * {@code taskline dlq}: find, understand, fix and replay dead letters. Each command parses its
 * options, calls the {@code io.taskline.dlq} library and prints; the formatting lives in small
 * classes beside the commands.
 *
 * <p>Usage: {@code taskline dlq list emails --type welcome-email --since 2h}
 */
package io.taskline.cli.dlq;
