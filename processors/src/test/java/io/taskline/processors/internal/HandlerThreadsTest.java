package io.taskline.processors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handler threads: every task runs, blocking tasks run side by side, cancel interrupts, idle threads end. */
class HandlerThreadsTest {

    private HandlerThreads threads;

    @AfterEach
    void close() {
        if (threads != null) {
            threads.close();
        }
    }

    @Test
    void blockingTasksEachGetAThreadUpToTheMaximum() throws Exception {
        threads = new HandlerThreads("blocking", 16, Duration.ofSeconds(30));
        CountDownLatch allStarted = new CountDownLatch(16);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            threads.submit(() -> {
                allStarted.countDown();
                block(release);
            });
        }

        assertThat(allStarted.await(10, TimeUnit.SECONDS)).as("16 blocking tasks running at once").isTrue();
        AtomicBoolean seventeenth = new AtomicBoolean();
        threads.submit(() -> seventeenth.set(true));
        assertThat(threads.threads()).isEqualTo(16);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilTrue(seventeenth);
    }

    @Test
    void noTaskIsLostWhileThreadsGoToSleepAndWakeUp() throws Exception {
        threads = new HandlerThreads("racing", 8, Duration.ofSeconds(30));
        AtomicInteger ran = new AtomicInteger();
        int perSubmitter = 50_000;
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Thread submitter = new Thread(() -> {
                for (int i = 0; i < perSubmitter; i++) {
                    threads.submit(ran::incrementAndGet);
                    if (i % 1_000 == 0) {
                        Thread.yield(); // let the threads run dry and sleep now and then
                    }
                }
            });
            submitters.add(submitter);
            submitter.start();
        }
        for (Thread submitter : submitters) {
            submitter.join();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ran.get()).isEqualTo(2 * perSubmitter));
    }

    @Test
    void aTaskSubmittedAfterTheThreadsFellAsleepStillRuns() throws Exception {
        threads = new HandlerThreads("sleepy", 4, Duration.ofSeconds(30));
        CountDownLatch first = new CountDownLatch(1);
        threads.submit(first::countDown);
        assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.sleeping() == 1);

        CountDownLatch second = new CountDownLatch(1);
        threads.submit(second::countDown);

        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancellingTheFutureInterruptsTheRunningTask() throws Exception {
        threads = new HandlerThreads("cancel", 2, Duration.ofSeconds(30));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<?> future = threads.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        future.cancel(true);

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch next = new CountDownLatch(1);
        threads.submit(() -> {
            if (!Thread.currentThread().isInterrupted()) {
                next.countDown();
            }
        });
        assertThat(next.await(5, TimeUnit.SECONDS)).as("the next task does not inherit the interrupt").isTrue();
    }

    @Test
    void idleThreadsEndAfterTheKeepAliveAndNewOnesStartWhenNeeded() throws Exception {
        threads = new HandlerThreads("idle", 4, Duration.ofMillis(100));
        CountDownLatch ran = new CountDownLatch(1);
        threads.submit(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> threads.threads() == 0);

        CountDownLatch again = new CountDownLatch(1);
        threads.submit(again::countDown);
        assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCancelledTaskThatIgnoresInterruptsNoLongerHoldsAThreadOfTheMaximum() throws Exception {
        threads = new HandlerThreads("stuck", 1, Duration.ofSeconds(30));
        CountDownLatch stuckStarted = new CountDownLatch(1);
        CountDownLatch unstick = new CountDownLatch(1);
        Future<?> stuck = threads.submit(() -> {
            stuckStarted.countDown();
            // Like a socket read without a timeout: interrupts do not end it.
            while (unstick.getCount() > 0) {
                try {
                    unstick.await();
                } catch (InterruptedException ignored) {
                    // keeps waiting
                }
            }
        });
        assertThat(stuckStarted.await(10, TimeUnit.SECONDS)).isTrue();

        stuck.cancel(true);
        CountDownLatch next = new CountDownLatch(1);
        threads.submit(next::countDown);

        assertThat(next.await(10, TimeUnit.SECONDS)).as("the next task runs while the stuck one goes on").isTrue();
        assertThat(threads.abandoned()).isEqualTo(1);
        unstick.countDown();
        await("the stuck thread ends with its task").atMost(Duration.ofSeconds(10))
                .until(() -> threads.abandoned() == 0);
        CountDownLatch after = new CountDownLatch(2);
        threads.submit(after::countDown);
        threads.submit(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads.threads()).as("back to the maximum of one").isEqualTo(1);
    }

    @Test
    void atMostTheMaximumOfThreadsAreGivenUpOnAtOnce() throws Exception {
        threads = new HandlerThreads("hung", 1, Duration.ofSeconds(30));
        CountDownLatch unstick = new CountDownLatch(1);
        List<Future<?>> hung = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CountDownLatch started = new CountDownLatch(1);
            hung.add(threads.submit(() -> {
                started.countDown();
                while (unstick.getCount() > 0) {
                    try {
                        unstick.await();
                    } catch (InterruptedException ignored) {
                        // hangs on
                    }
                }
            }));
            // The first is given up on and replaced; the second, on the replacement, is not.
            if (i < 2) {
                assertThat(started.await(10, TimeUnit.SECONDS)).as("hung task %d started", i).isTrue();
                hung.get(i).cancel(true);
            }
        }

        assertThat(threads.abandoned()).isEqualTo(1);
        assertThat(threads.threads()).as("one given up on, one still counted").isEqualTo(2);
        unstick.countDown();
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
