package io.taskline.processors.internal;

/**
 * How often reservations of one rate limit had to wait, and for how long in total; the source of
 * the {@code taskline_ratelimit_waits_total{limit}} metric.
 *
 * <p>Usage: {@code rateLimits.waits().get("smtp").count()}.
 *
 * @param count reservations that were told to wait (a wait of 0 does not count)
 * @param totalNanos the sum of those waits, in nanoseconds
 */
public record RateLimitWaits(long count, long totalNanos) {
}
