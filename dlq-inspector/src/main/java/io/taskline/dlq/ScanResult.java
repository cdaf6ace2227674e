package io.taskline.dlq;

import java.time.Duration;
import java.util.List;

/**
 * What a scan of a dead-letter topic found.
 *
 * <p>Usage: {@code ScanResult r = reader.scan("emails", filter, 50); print(r.letters()); if (r.limited()) ...}
 *
 * @param queue the queue whose DLQ was read
 * @param letters the matching dead letters, oldest death first (then partition, offset); at most
 *     the limit
 * @param scanned records read from the DLQ
 * @param matched records that matched the filter, including those cut by the limit
 * @param took how long the scan took
 */
public record ScanResult(String queue, List<DeadLetter> letters, long scanned, long matched, Duration took) {

    /** Copies the list. */
    public ScanResult {
        letters = List.copyOf(letters);
    }

    /** True when more letters matched than the limit let through. */
    public boolean limited() {
        return matched > letters.size();
    }
}
