package io.taskline.cli;

import io.taskline.dlq.QueueLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The limits {@code taskline lag --max-lag/--max-age} checks: tasks waiting on a queue topic and
 * the age of the oldest. Tiers and dead letters are not checked: waiting is what they are for.
 *
 * <p>Usage: {@code new LagThresholds(OptionalLong.of(100), Optional.empty()).check(lags)} is empty when none is over.
 *
 * @param maxRecords most records a queue may have waiting
 * @param maxAge oldest a waiting task may be
 */
public record LagThresholds(OptionalLong maxRecords, Optional<Duration> maxAge) {

    /** True when there is anything to check. */
    public boolean any() {
        return maxRecords.isPresent() || maxAge.isPresent();
    }

    /** Why {@code lag} is over a limit (e.g. "emails 505 records > 100"), or empty. */
    public Optional<String> over(QueueLag lag) {
        List<String> reasons = new ArrayList<>();
        if (maxRecords.isPresent() && lag.records() > maxRecords.getAsLong()) {
            reasons.add(lag.records() + " records > " + maxRecords.getAsLong());
        }
        if (maxAge.isPresent() && lag.age().compareTo(maxAge.get()) > 0) {
            reasons.add("oldest " + LagLines.seconds(lag.age()) + " > " + LagLines.seconds(maxAge.get()));
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(lag.queue() + " " + String.join(", ", reasons));
    }

    /** One line naming every queue over a limit, or empty when none is. */
    public Optional<String> check(List<QueueLag> lags) {
        List<String> over = lags.stream().map(this::over).flatMap(Optional::stream).toList();
        return over.isEmpty() ? Optional.empty() : Optional.of("lag over threshold: " + String.join("; ", over));
    }
}
