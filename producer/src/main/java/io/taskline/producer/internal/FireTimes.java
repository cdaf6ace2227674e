package io.taskline.producer.internal;

import java.time.Instant;
import java.util.Optional;

/** The fire times of a recurrence, one after another. */
public interface FireTimes {

    /** The first fire time strictly after {@code after}, or empty when there is none. */
    Optional<Instant> next(Instant after);
}
