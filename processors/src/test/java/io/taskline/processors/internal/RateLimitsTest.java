package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How rate limits are read from a worker's properties and how far apart they space permits. */
class RateLimitsTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private final AtomicLong clock = new AtomicLong(5 * SECOND);

    @ParameterizedTest
    @CsvSource({
        "50/1s, 50, PT1S",
        "20/1s, 20, PT1S",
        "1000/1m, 1000, PT1M",
        "5/500ms, 5, PT0.5S",
        "' 7 / 2h ', 7, PT2H",
    })
    void parsesPermitsPerPeriod(String value, int permits, Duration period) {
        RateLimitSpec spec = RateLimitSpec.parse("smtp", value, null);

        assertThat(spec).isEqualTo(new RateLimitSpec("smtp", permits, period, RateLimitScope.WORKER));
    }

    @Test
    void scopeIsWorkerUnlessClusterIsAsked() {
        assertThat(RateLimitSpec.parse("smtp", "50/1s", "worker").scope()).isEqualTo(RateLimitScope.WORKER);
        assertThat(RateLimitSpec.parse("smtp", "50/1s", "cluster").scope()).isEqualTo(RateLimitScope.CLUSTER);
        assertThat(RateLimitSpec.parse("smtp", "50/1s", " Cluster ").scope()).isEqualTo(RateLimitScope.CLUSTER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "50 per second | ratelimit.smtp: '50 per second' is not <permits>/<period> such as 50/1s",
        "''            | ratelimit.smtp: '' is not <permits>/<period> such as 50/1s",
        "50/           | ratelimit.smtp: '50/' is not <permits>/<period> such as 50/1s",
        "50/1s/2       | ratelimit.smtp: '50/1s/2' is not <permits>/<period> such as 50/1s",
        "0/1s          | ratelimit.smtp: permits '0' in '0/1s' must be a whole number from 1 to 2147483647",
        "-5/1s         | ratelimit.smtp: permits '-5' in '-5/1s' must be a whole number from 1 to 2147483647",
        "1.5/1s        | ratelimit.smtp: permits '1.5' in '1.5/1s' must be a whole number from 1 to 2147483647",
        "3000000000/1s | ratelimit.smtp: permits '3000000000' in '3000000000/1s' must be a whole number from 1 to 2147483647",
        "50/second     | ratelimit.smtp: period 'second' in '50/second' is not a duration such as 500ms, 1s, 1m, 1h or 1d",
        "50/1.5s       | ratelimit.smtp: period '1.5s' in '50/1.5s' is not a duration such as 500ms, 1s, 1m, 1h or 1d",
        "50/0s         | ratelimit.smtp: period '0s' in '50/0s' must be longer than 0",
        "50/40000d     | ratelimit.smtp: period '40000d' in '50/40000d' is too long; the most is 36500d",
    })
    void aBadValueNamesTheKeyAndWhatIsWrong(String value, String message) {
        assertThatThrownBy(() -> RateLimitSpec.parse("smtp", value, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void aMissingValueIsNotALimit() {
        assertThatThrownBy(() -> RateLimitSpec.parse("smtp", null, null))
                .hasMessage("ratelimit.smtp: '' is not <permits>/<period> such as 50/1s");
    }

    @Test
    void aBadScopeNamesTheScopeKey() {
        assertThatThrownBy(() -> RateLimitSpec.parse("smtp", "50/1s", "global"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratelimit.smtp.scope: 'global' is not worker or cluster");
    }

    @Test
    void aBadNameIsRefused() {
        assertThatThrownBy(() -> RateLimitSpec.parse("sm tp", "50/1s", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratelimit.sm tp: a rate limit's name uses only letters, digits, '-' and '_'");
    }

    @Test
    void readsEveryLimitAndItsScopeFromTheWorkerProperties() {
        RateLimits limits = RateLimits.from(Map.of(
                "queues", "emails",
                "ratelimit.smtp", "50/1s",
                "ratelimit.sms", "1000/1m",
                "ratelimit.sms.scope", "cluster"));

        assertThat(limits.isEmpty()).isFalse();
        assertThat(limits.names()).containsExactly("sms", "smtp");
        assertThat(limits.spec("smtp")).isEqualTo(new RateLimitSpec("smtp", 50, Duration.ofSeconds(1), RateLimitScope.WORKER));
        assertThat(limits.spec("sms")).isEqualTo(new RateLimitSpec("sms", 1000, Duration.ofMinutes(1), RateLimitScope.CLUSTER));
    }

    @Test
    void noRateLimitKeysMeansNoLimits() {
        RateLimits limits = RateLimits.from(Map.of("queues", "emails"));

        assertThat(limits.isEmpty()).isTrue();
        assertThat(limits.names()).isEmpty();
        assertThat(limits.waits()).isEmpty();
    }

    @Test
    void aScopeWithoutItsLimitIsAnError() {
        assertThatThrownBy(() -> RateLimits.from(Map.of("ratelimit.smtp.scope", "cluster")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratelimit.smtp.scope is set but ratelimit.smtp is not; add ratelimit.smtp=<permits>/<period>");
    }

    @Test
    void anUnknownKeyUnderRatelimitIsAnError() {
        assertThatThrownBy(() -> RateLimits.from(Map.of("ratelimit.smtp", "50/1s", "ratelimit.smtp.scop", "cluster")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratelimit.smtp.scop: not a rate-limit key; use ratelimit.<name>=<permits>/<period>"
                        + " and ratelimit.<name>.scope=worker|cluster");
    }

    @Test
    void aBadLimitInThePropertiesNamesItsKey() {
        assertThatThrownBy(() -> RateLimits.from(Map.of("ratelimit.smtp", "50 per second")))
                .hasMessage("ratelimit.smtp: '50 per second' is not <permits>/<period> such as 50/1s");
    }

    @Test
    void sixtyReservationsOfTwentyPerSecondSpreadOverThreeSecondsOnTheRealClock() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"));

        List<Long> waits = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long now = System.nanoTime();
            long wait = limits.reserve("smtp");
            waits.add(wait);
            times.add(now + wait);
        }

        assertThat(waits.get(0)).isZero();
        // Start times, not waits: a pause of this loop (GC, a busy machine) shortens the later waits.
        assertThat(times.get(59) - times.get(0)).as("the 60th start after the first").isBetween(2_900 * MS, 2_960 * MS);
        assertThat(waits.get(59)).isGreaterThan(2_000 * MS);
        assertThat(maxInAnyWindow(times, SECOND)).isLessThanOrEqualTo(21);
    }

    @Test
    void permitsAreSpacedEvenlyNotBurstAtPeriodStarts() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"), clock::get);

        List<Long> waits = reserve(limits, "smtp", 60);

        for (int i = 0; i < 60; i++) {
            assertThat(waits.get(i)).isEqualTo(i * 50 * MS);
        }
        assertThat(maxInAnyWindow(waits, SECOND)).isEqualTo(20);
    }

    @Test
    void aPermitFreesUpAsTheClockMovesOn() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"), clock::get);
        reserve(limits, "smtp", 3);

        clock.addAndGet(SECOND);

        assertThat(limits.reserve("smtp")).isZero();
        assertThat(limits.reserve("smtp")).isEqualTo(50 * MS);
    }

    @Test
    void aClusterLimitOnTwoInstancesGivesThisWorkerLessThanHalf() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s", "ratelimit.smtp.scope", "cluster"),
                clock::get);

        limits.instances(2);
        List<Long> waits = reserve(limits, "smtp", 30);

        // (20 + 1) / 2 - 1 = 9.5 per second: one permit every 105.263158 ms.
        assertThat(waits.get(1)).isEqualTo(105_263_158L);
        assertThat(waits.get(29)).isEqualTo(29 * 105_263_158L);
        assertThat(maxInAnyWindow(waits, SECOND)).isEqualTo(10);
    }

    @Test
    void backToOneInstanceRestoresTheWholeRate() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s", "ratelimit.smtp.scope", "cluster"),
                clock::get);

        limits.instances(2);
        limits.instances(1);
        List<Long> waits = reserve(limits, "smtp", 20);

        assertThat(waits.get(1)).isEqualTo(50 * MS);
        assertThat(waits.get(19)).isEqualTo(950 * MS);
    }

    @Test
    void reDividingKeepsThePermitsAlreadyHandedOut() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s", "ratelimit.smtp.scope", "cluster"),
                clock::get);
        limits.instances(2);
        assertThat(reserve(limits, "smtp", 10)).last().isEqualTo(9 * 105_263_158L);

        limits.instances(1);

        List<Long> after = reserve(limits, "smtp", 3);
        assertThat(after.get(0)).as("not before the old limiter's next permit")
                .isGreaterThanOrEqualTo(9 * 105_263_158L + 50 * MS);
        assertThat(after.get(1) - after.get(0)).isEqualTo(50 * MS);
        assertThat(after.get(2) - after.get(1)).isEqualTo(50 * MS);
    }

    @Test
    void aWorkerLimitIgnoresTheNumberOfInstances() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"), clock::get);

        limits.instances(3);

        assertThat(reserve(limits, "smtp", 3)).containsExactly(0L, 50 * MS, 100 * MS);
    }

    @Test
    void clusterSharesLeaveEachWorkerOnePermitOfSlackAndRoundUp() {
        RateLimitSpec spec = RateLimitSpec.parse("smtp", "20/1s", "cluster");
        RateLimitSpec thirds = RateLimitSpec.parse("sms", "3/1s", null);

        assertThat(spec.spacing(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(spec.spacing(3)).as("(20 + 1) / 3 - 1 = 6 per second").isEqualTo(Duration.ofNanos(166_666_667));
        assertThat(spec.spacing(7)).as("(20 + 1) / 7 - 1 = 2 per second").isEqualTo(Duration.ofMillis(500));
        assertThat(spec.spacing(30)).as("never under half the even share, 1/3 per second")
                .isEqualTo(Duration.ofMillis(3000));
        assertThat(thirds.spacing(5)).isEqualTo(Duration.ofNanos(333_333_334));
    }

    @Test
    void instancesMustBeAtLeastOne() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"));

        assertThatThrownBy(() -> limits.instances(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("instances must be at least 1, not 0");
    }

    @Test
    void countsTheReservationsThatHadToWaitAndForHowLong() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s", "ratelimit.sms", "1/1m"), clock::get);

        reserve(limits, "smtp", 3);

        assertThat(limits.waits()).containsExactly(
                Map.entry("sms", new RateLimitWaits(0, 0)),
                Map.entry("smtp", new RateLimitWaits(2, 150 * MS)));
    }

    @Test
    void permitsReachedLateTogetherStillStartOneSpacingApart() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"), clock::get);
        reserve(limits, "smtp", 3);

        // The thread that starts tasks was busy: the permits of 0, 50 and 100 ms are all due at 120 ms.
        clock.addAndGet(120 * MS);

        assertThat(limits.tryStart(Set.of("smtp"))).isZero();
        assertThat(limits.tryStart(Set.of("smtp"))).isEqualTo(50 * MS);
        clock.addAndGet(30 * MS);
        assertThat(limits.tryStart(Set.of("smtp"))).isEqualTo(20 * MS);
        clock.addAndGet(20 * MS);
        assertThat(limits.tryStart(Set.of("smtp"))).isZero();
    }

    @Test
    void aStallBeforeStartingDoesNotCrowdTheNextSecond() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s"), clock::get);
        long base = clock.get();
        // Reserved at admission, one permit every 50 ms; started later by one busy thread.
        List<Long> due = reserve(limits, "smtp", 60).stream().map(wait -> base + wait).toList();
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            // The thread is 1 ms late, except once: a 130 ms stall when permit 10 falls due.
            clock.set(Math.max(clock.get(), due.get(i) + (i == 10 ? 130 * MS : MS)));
            long gap;
            while ((gap = limits.tryStart(Set.of("smtp"))) > 0) {
                clock.addAndGet(gap);
            }
            starts.add(clock.get());
        }

        assertThat(maxInAnyWindow(starts, SECOND)).isEqualTo(20);
    }

    @Test
    void aTaskUnderTwoLimitsStartsOnlyWhenBothAllowAndOtherwiseTakesNeither() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s", "ratelimit.crm", "2/1s"), clock::get);
        assertThat(limits.tryStart(Set.of("crm"))).isZero();
        clock.addAndGet(100 * MS);

        assertThat(limits.tryStart(Set.of("smtp", "crm"))).isEqualTo(400 * MS);
        assertThat(limits.tryStart(Set.of("smtp"))).isZero();
        clock.addAndGet(400 * MS);
        assertThat(limits.tryStart(Set.of("smtp", "crm"))).isZero();
        assertThat(limits.tryStart(Set.of("crm"))).isEqualTo(500 * MS);
        assertThatThrownBy(() -> limits.tryStart(Set.of("fax"))).hasMessage("no rate limit named 'fax' (known: crm, smtp)");
    }

    @Test
    void anUnknownLimitNamesItAndTheKnownOnes() {
        RateLimits limits = RateLimits.from(Map.of("ratelimit.smtp", "20/1s", "ratelimit.sms", "1/1m"));

        assertThatThrownBy(() -> limits.reserve("fax"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no rate limit named 'fax' (known: sms, smtp)");
        assertThatThrownBy(() -> limits.spec("fax"))
                .hasMessage("no rate limit named 'fax' (known: sms, smtp)");
        assertThatThrownBy(() -> RateLimits.from(Map.of()).reserve("fax"))
                .hasMessage("no rate limit named 'fax' (none are configured)");
    }

    private static List<Long> reserve(RateLimits limits, String name, int count) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(limits.reserve(name));
        }
        return waits;
    }

    /** The most permit times in any half-open window {@code [t, t + window)} that starts at a permit. */
    private static int maxInAnyWindow(List<Long> times, long window) {
        List<Long> sorted = times.stream().sorted().toList();
        int most = 0;
        for (int start = 0, end = 0; start < sorted.size(); start++) {
            while (end < sorted.size() && sorted.get(end) < sorted.get(start) + window) {
                end++;
            }
            most = Math.max(most, end - start);
        }
        return most;
    }
}
