package io.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The expiry timers on a real scheduler: conditions awaited with generous bounds, no timed assertions. */
class TokenExpiryTest {

    private static final long WAIT_SECONDS = 20;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final TokenExpiry expiry = new TokenExpiry(scheduler, Clock.systemUTC());

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Records when it ran, how often, and lets a test wait for it. */
    private static final class Expired implements Runnable {
        final CountDownLatch ran = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final AtomicReference<Instant> at = new AtomicReference<>();

        @Override
        public void run() {
            at.set(Instant.now());
            runs.incrementAndGet();
            ran.countDown();
        }

        Instant await() throws InterruptedException {
            assertTrue(ran.await(WAIT_SECONDS, TimeUnit.SECONDS), "never expired");
            return at.get();
        }
    }

    /** Waits until everything the scheduler had to run up to {@code after} from now has run. */
    private void drainPast(Duration after) throws Exception {
        scheduler.schedule(() -> { }, after.toMillis(), TimeUnit.MILLISECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void expiresOnceAtItsDeadlineNeverBefore() throws Exception {
        Instant deadline = Instant.now().plusMillis(150);
        Expired expired = new Expired();
        expiry.watch("a", deadline, expired);
        assertEquals(Optional.of(deadline), expiry.expiresAt("a"));
        assertFalse(expired.await().isBefore(deadline));
        drainPast(Duration.ofMillis(100));
        assertEquals(1, expired.runs.get());
        assertEquals(0, expiry.watched());
        assertFalse(expiry.renew("a", Instant.now().plusSeconds(60)), "an expired connection cannot be renewed");
    }

    @Test
    void aRenewalMovesTheDeadline() throws Exception {
        Expired expired = new Expired();
        expiry.watch("a", Instant.now().plusMillis(100), expired);
        Instant later = Instant.now().plusMillis(600);
        assertTrue(expiry.renew("a", later));
        assertEquals(Optional.of(later), expiry.expiresAt("a"));
        assertFalse(expired.await().isBefore(later), "expired at the first deadline");
        assertEquals(1, expired.runs.get());
    }

    @Test
    void aForgottenConnectionNeverExpires() throws Exception {
        Expired expired = new Expired();
        expiry.watch("a", Instant.now().plusMillis(50), expired);
        expiry.forget("a");
        drainPast(Duration.ofMillis(300));
        assertEquals(0, expired.runs.get());
        assertEquals(0, expiry.watched());
        assertFalse(expiry.renew("a", Instant.now().plusSeconds(60)));
        expiry.forget("a"); // twice: nothing
    }

    @Test
    void aDeadlineAlreadyPastExpiresAtOnce() throws Exception {
        Expired expired = new Expired();
        expiry.watch("a", Instant.now().minusSeconds(30), expired);
        expired.await();
    }

    @Test
    void withoutAnExpiryNothingIsWatched() {
        expiry.watch("open", null, () -> { throw new AssertionError("expired"); });
        assertEquals(0, expiry.watched());
        assertFalse(expiry.renew("open", Instant.now().plusSeconds(1)));
    }

    @Test
    void connectionsExpireEachAtItsOwnTime() throws Exception {
        Expired first = new Expired();
        Expired second = new Expired();
        expiry.watch("first", Instant.now().plusMillis(50), first);
        expiry.watch("second", Instant.now().plusSeconds(3600), second);
        first.await();
        assertEquals(0, second.runs.get());
        assertEquals(1, expiry.watched());
    }

    @Test
    void aTimerThatFiresBeforeTheClockSaysSoIsSetAgain() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        TokenExpiry lagging = new TokenExpiry(scheduler, clock);
        Expired expired = new Expired();
        Instant deadline = clock.instant().plusMillis(30);
        lagging.watch("a", deadline, expired);
        // The scheduler's time passes, the clock's does not: its timers fire, find it early, and wait again.
        drainPast(Duration.ofMillis(300));
        assertEquals(0, expired.runs.get());
        clock.set(deadline);
        expired.await();
        assertEquals(1, expired.runs.get());
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() throws Exception {
        expiry.watch("failing", Instant.now(), () -> { throw new IllegalStateException("boom"); });
        Expired expired = new Expired();
        expiry.watch("next", Instant.now().plusMillis(50), expired);
        expired.await();
    }

    @Test
    void stoppingCancelsEveryTimer() throws Exception {
        Expired expired = new Expired();
        expiry.watch("a", Instant.now().plusMillis(50), expired);
        expiry.watch("b", Instant.now().plusMillis(60), expired);
        expiry.stop();
        drainPast(Duration.ofMillis(300));
        assertEquals(0, expired.runs.get());
        assertEquals(0, expiry.watched());
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
