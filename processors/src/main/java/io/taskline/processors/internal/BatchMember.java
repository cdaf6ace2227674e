package io.taskline.processors.internal;

import io.taskline.schemas.TaskEventType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A batch member's latest outcome as the tracker counts it, with its allowed transitions in one
 * table. Success is final: a repeated run (a duplicate published after the dedup window) cannot
 * undo it. Death is not: a dead letter replayed from the DLQ starts, retries and succeeds again.
 */
public enum BatchMember {
    /** Started and not yet finished (running, or waiting after a replay). */
    PENDING('P'),
    /** Failed an attempt; waits in a retry tier. */
    RETRYING('R'),
    /** Succeeded. */
    SUCCEEDED('S'),
    /** A dead letter. */
    DEAD('D');

    private static final Map<BatchMember, Set<BatchMember>> ALLOWED = Map.of(
            PENDING, Set.of(RETRYING, SUCCEEDED, DEAD),
            RETRYING, Set.of(PENDING, SUCCEEDED, DEAD),
            SUCCEEDED, Set.of(),
            DEAD, Set.of(PENDING, RETRYING, SUCCEEDED));

    private final byte code;

    BatchMember(char code) {
        this.code = (byte) code;
    }

    /** The outcome an event of {@code type} says, or empty for events that do not change it (enqueued). */
    public static Optional<BatchMember> of(TaskEventType type) {
        return Optional.ofNullable(switch (type) {
            case STARTED -> PENDING;
            case RETRYING -> RETRYING;
            case SUCCEEDED -> SUCCEEDED;
            case DEAD -> DEAD;
            case ENQUEUED, PARKED, UNKNOWN -> null;
        });
    }

    /** True when a member in this state may move to {@code next} (a different outcome); a first event is always counted. */
    public boolean canBecome(BatchMember next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The one byte stored for this outcome; stable across releases. */
    public byte code() {
        return code;
    }

    /** The outcome stored as {@code code}. */
    public static BatchMember ofCode(byte code) {
        for (BatchMember m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new IllegalArgumentException("no batch member state has code " + (char) code);
    }
}
