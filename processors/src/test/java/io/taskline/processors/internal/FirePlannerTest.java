package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskline.producer.Recurrence;
import io.taskline.schemas.MisfirePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which fire times a look at a schedule publishes, for each misfire policy. */
class FirePlannerTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final Recurrence EVERY_MINUTE = Recurrence.every(Duration.ofMinutes(1)).startingAt(START);
    private final FirePlanner planner = new FirePlanner(Duration.ofMinutes(1));

    @ParameterizedTest
    @EnumSource(MisfirePolicy.class)
    void nothingFiresBeforeTheFirstFireTime(MisfirePolicy policy) {
        FirePlan plan = planner.plan(EVERY_MINUTE, policy, START, START.plusSeconds(59));

        assertThat(plan.fires()).isEmpty();
        assertThat(plan.firedThrough()).isEqualTo(START);
    }

    @ParameterizedTest
    @EnumSource(MisfirePolicy.class)
    void aFireTimeWithinTheThresholdFiresLateWhateverThePolicy(MisfirePolicy policy) {
        FirePlan plan = planner.plan(EVERY_MINUTE, policy, START, START.plusSeconds(60 + 45));

        assertThat(plan.fires()).containsExactly(START.plusSeconds(60));
        assertThat(plan.firedThrough()).isEqualTo(START.plusSeconds(60));
        assertThat(plan.missed()).isZero();
    }

    @ParameterizedTest
    @EnumSource(MisfirePolicy.class)
    void everyFireTimeOfAShortOutageFiresWhateverThePolicy(MisfirePolicy policy) {
        Recurrence everySecond = Recurrence.every(Duration.ofSeconds(1)).startingAt(START);

        FirePlan plan = planner.plan(everySecond, policy, START, START.plusSeconds(30));

        assertThat(plan.fires()).hasSize(30).startsWith(START.plusSeconds(1)).endsWith(START.plusSeconds(30));
        assertThat(plan.firedThrough()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void fireOnceFiresTheFirstMissedTimeOnlyAndGoesOnFromNow() {
        Instant now = START.plus(Duration.ofMinutes(10)).plusSeconds(5);

        FirePlan plan = planner.plan(EVERY_MINUTE, MisfirePolicy.FIRE_ONCE, START, now);

        assertThat(plan.fires()).containsExactly(START.plusSeconds(60));
        assertThat(plan.firedThrough()).isEqualTo(now);
        assertThat(plan.missed()).isEqualTo(10);
        assertThat(EVERY_MINUTE.next(plan.firedThrough())).contains(START.plus(Duration.ofMinutes(11)));
    }

    @Test
    void skipFiresNothingAndGoesOnFromNow() {
        Instant now = START.plus(Duration.ofMinutes(10)).plusSeconds(5);

        FirePlan plan = planner.plan(EVERY_MINUTE, MisfirePolicy.SKIP, START, now);

        assertThat(plan.fires()).isEmpty();
        assertThat(plan.firedThrough()).isEqualTo(now);
        assertThat(plan.missed()).isEqualTo(10);
    }

    @Test
    void fireAllFiresEveryMissedTimeInOrder() {
        Instant now = START.plus(Duration.ofMinutes(10)).plusSeconds(5);

        FirePlan plan = planner.plan(EVERY_MINUTE, MisfirePolicy.FIRE_ALL, START, now);

        assertThat(plan.fires()).hasSize(10).isSorted().startsWith(START.plusSeconds(60))
                .endsWith(START.plus(Duration.ofMinutes(10)));
        assertThat(plan.firedThrough()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(plan.capped()).isFalse();
    }

    @Test
    void fireAllFiresAtMostTheCapAndThenGoesOnFromNow() {
        Instant now = START.plus(Duration.ofDays(2));

        FirePlan plan = planner.plan(EVERY_MINUTE, MisfirePolicy.FIRE_ALL, START, now);

        assertThat(plan.fires()).hasSize(FirePlanner.FIRE_ALL_CAP).startsWith(START.plusSeconds(60));
        assertThat(plan.capped()).isTrue();
        assertThat(plan.firedThrough()).isEqualTo(now);
    }

    @Test
    void fireAllWithExactlyTheCapMissedIsNotCapped() {
        Instant now = START.plus(Duration.ofMinutes(FirePlanner.FIRE_ALL_CAP)).plusSeconds(30);

        FirePlan plan = planner.plan(EVERY_MINUTE, MisfirePolicy.FIRE_ALL, START, now);

        assertThat(plan.fires()).hasSize(FirePlanner.FIRE_ALL_CAP);
        assertThat(plan.capped()).isFalse();
        assertThat(plan.firedThrough()).isEqualTo(START.plus(Duration.ofMinutes(FirePlanner.FIRE_ALL_CAP)));
    }

    @ParameterizedTest
    @EnumSource(MisfirePolicy.class)
    void noPlanEverFiresATimeTwiceOrLeavesAGapWithinTheThreshold(MisfirePolicy policy) {
        Recurrence everySecond = Recurrence.every(Duration.ofSeconds(1)).startingAt(START);
        Instant through = START;
        List<Instant> fired = new java.util.ArrayList<>();
        for (int look = 1; look <= 300; look++) {
            Instant now = START.plusMillis(look * 700L);
            FirePlan plan = planner.plan(everySecond, policy, through, now);
            fired.addAll(plan.fires());
            assertThat(plan.firedThrough()).isAfterOrEqualTo(through).isBeforeOrEqualTo(now);
            through = plan.firedThrough();
        }
        assertThat(fired).doesNotHaveDuplicates().isSorted().hasSize(210);
    }
}
