package io.taskline.processors.internal;

import io.taskline.producer.Recurrence;
import io.taskline.schemas.RecordCodec;
import io.taskline.schemas.Schedule;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers each schedule's decoded definition and next fire time, so the punctuator does not
 * decode and run cron (tens of microseconds a call) for every schedule several times a second.
 * Only a cache: every answer is a function of the stored bytes and done-through time it was
 * asked with, so it never disagrees with the stores, even after a restore.
 */
final class ScheduleCache {

    private final Map<String, Entry> entries = new HashMap<>();

    /** The entry of {@code id} for these stored bytes. */
    Entry get(String id, byte[] bytes, RecordCodec codec) {
        Entry entry = entries.get(id);
        if (entry == null || !Arrays.equals(entry.bytes, bytes)) {
            Schedule schedule = codec.decode(bytes, Schedule.class);
            entry = new Entry(bytes, schedule, Recurrence.of(schedule));
            entries.put(id, entry);
        }
        return entry;
    }

    /** Drops the entry of a removed schedule. */
    void forget(String id) {
        entries.remove(id);
    }

    /** A decoded schedule and its last answered next fire time. */
    static final class Entry {
        private final byte[] bytes;
        private final Schedule schedule;
        private final Recurrence recurrence;
        private long through = Long.MIN_VALUE;
        private Instant next;

        private Entry(byte[] bytes, Schedule schedule, Recurrence recurrence) {
            this.bytes = bytes;
            this.schedule = schedule;
            this.recurrence = recurrence;
        }

        Schedule schedule() {
            return schedule;
        }

        Recurrence recurrence() {
            return recurrence;
        }

        /** The first fire time after {@code firedThrough} (epoch millis), or null when none. */
        Instant nextAfter(long firedThrough) {
            if (firedThrough != through) {
                next = recurrence.next(Instant.ofEpochMilli(firedThrough)).orElse(null);
                through = firedThrough;
            }
            return next;
        }
    }
}
