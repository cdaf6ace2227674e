package io.taskline.cli.dlq;

/**
 * Whether a replay may go ahead without asking: a replay of more than {@value #CONFIRM_ABOVE}
 * dead letters needs {@code --yes}, or a yes typed on a terminal; with neither it is refused.
 *
 * <p>Usage: {@code switch (ReplayGate.decide(plan.toReplay().size(), yes, terminal.present())) { ... }}
 */
final class ReplayGate {

    /** Replays of more dead letters than this need confirmation. */
    static final int CONFIRM_ABOVE = 100;

    /** What to do before replaying. */
    enum Decision {
        /** Replay without asking. */
        GO,
        /** Ask on the terminal first. */
        ASK,
        /** Refuse: too many to replay unconfirmed, and nobody to ask. */
        REFUSE
    }

    private ReplayGate() {
    }

    /** The decision for replaying {@code count} dead letters. */
    static Decision decide(int count, boolean yes, boolean terminal) {
        if (yes || count <= CONFIRM_ABOVE) {
            return Decision.GO;
        }
        return terminal ? Decision.ASK : Decision.REFUSE;
    }
}
