package io.taskline.schemas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnknownFingerprintsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final UnknownFingerprints unknown = new UnknownFingerprints(now::get);

    @Test
    void aFingerprintNeverMissedIsLookedFor() {
        assertThat(unknown.mayLookAgain(42)).isTrue();
    }

    @Test
    void afterOneMissTheNextLookComesAtOnce() {
        unknown.missed(42);

        assertThat(unknown.mayLookAgain(42)).as("a schema registered just after a miss is found").isTrue();
    }

    @Test
    void aFingerprintThatKeepsMissingIsLookedForAtMostOnceASecond() {
        int looks = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            if (unknown.mayLookAgain(42)) {
                looks++;
                unknown.missed(42);
            }
            advance(Duration.ofMillis(1));
        }

        // 10, 20, 40, ..., 640 ms, then one look a second: about 17 looks in 10 s, not 10,000.
        assertThat(looks).isBetween(10, 20);
    }

    @Test
    void waitsDoubleFromTenMillisecondsUpToOneSecond() {
        assertThat(UnknownFingerprints.backoff(1)).isZero();
        assertThat(UnknownFingerprints.backoff(2)).isEqualTo(Duration.ofMillis(10));
        assertThat(UnknownFingerprints.backoff(3)).isEqualTo(Duration.ofMillis(20));
        assertThat(UnknownFingerprints.backoff(8)).isEqualTo(Duration.ofMillis(640));
        assertThat(UnknownFingerprints.backoff(9)).isEqualTo(Duration.ofSeconds(1));
        assertThat(UnknownFingerprints.backoff(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aMissDoesNotHoldBackOtherFingerprints() {
        unknown.missed(42);
        unknown.missed(42);

        assertThat(unknown.mayLookAgain(42)).isFalse();
        assertThat(unknown.mayLookAgain(43)).isTrue();
    }

    @Test
    void aFoundFingerprintStartsOver() {
        unknown.missed(42);
        unknown.missed(42);
        unknown.found(42);

        assertThat(unknown.mayLookAgain(42)).isTrue();
        unknown.missed(42);
        assertThat(unknown.mayLookAgain(42)).as("the first miss again: no wait").isTrue();
    }

    @Test
    void theLeastRecentlyMissedFingerprintIsForgottenBeyondCapacity() {
        unknown.missed(-1);
        unknown.missed(-1);
        for (long f = 0; f < UnknownFingerprints.CAPACITY; f++) {
            unknown.missed(f);
        }

        assertThat(unknown.mayLookAgain(-1)).isTrue();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
