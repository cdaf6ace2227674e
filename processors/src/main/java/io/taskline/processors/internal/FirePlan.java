package io.taskline.processors.internal;

import java.time.Instant;
import java.util.List;

/**
 * What one look at a due schedule decided: the fire times to publish now, and the time through
 * which every fire time is done (fired or, by the misfire policy, dropped).
 *
 * @param fires the fire times to publish, oldest first
 * @param firedThrough the new "done through" time: the next fire is the first one after it
 * @param missed how many fire times were more than the misfire threshold late (0 when none)
 * @param capped true when fire-all left fire times out past {@link FirePlanner#FIRE_ALL_CAP}
 */
public record FirePlan(List<Instant> fires, Instant firedThrough, int missed, boolean capped) {

    /** Nothing due: fire nothing, change nothing. */
    public static FirePlan nothing(Instant firedThrough) {
        return new FirePlan(List.of(), firedThrough, 0, false);
    }
}
