package io.switchboard.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When each open connection's token expires, for every transport: one timer per connection on one scheduler. At the
 * deadline the connection's transport is told once ({@code onExpiry}) and closes it with its own reason; a refresh
 * moves the deadline ({@link #renew}); a connection that ends is forgotten. A deadline is checked against the clock
 * when its timer fires, so a timer that fires early (or one a renewal raced) never expires a connection before its
 * time: it is set again for what remains.
 */
public final class TokenExpiry {

    private static final Logger LOG = Logger.getLogger(TokenExpiry.class.getName());

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    public TokenExpiry(ScheduledExecutorService scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Watches a connection until {@code expiresAt}; a deadline already past expires it at once (on the scheduler).
     * Watching an id that is watched already replaces its deadline and action.
     *
     * @param expiresAt {@code null}: the connection never expires (nothing is watched)
     */
    public void watch(String id, Instant expiresAt, Runnable onExpiry) {
        if (expiresAt == null) {
            return;
        }
        Watch watch = new Watch(id, onExpiry);
        Watch previous = watches.put(id, watch);
        if (previous != null) {
            previous.cancel();
        }
        watch.setDeadline(expiresAt);
    }

    /**
     * Moves the deadline of a watched connection.
     *
     * @return false when it is not watched (any more): it has expired already, or ended
     */
    public boolean renew(String id, Instant expiresAt) {
        Watch watch = watches.get(id);
        return watch != null && expiresAt != null && watch.setDeadline(expiresAt);
    }

    /** The connection ended: its timer is cancelled. Forgetting an id not watched does nothing. */
    public void forget(String id) {
        Watch watch = watches.remove(id);
        if (watch != null) {
            watch.cancel();
        }
    }

    /** The deadline of a watched connection. */
    public Optional<Instant> expiresAt(String id) {
        Watch watch = watches.get(id);
        return watch == null ? Optional.empty() : watch.deadline();
    }

    /** Connections watched now: stays bounded by the open connections that have a token. */
    public int watched() {
        return watches.size();
    }

    /** Cancels every timer (the application stops); no connection is expired after this. */
    public void stop() {
        watches.values().forEach(Watch::cancel);
        watches.clear();
    }

    /** One connection's deadline and its timer; both change only under the watch's lock. */
    private final class Watch {

        private final String id;
        private final Runnable onExpiry;
        private Instant deadline;
        private ScheduledFuture<?> timer;
        private boolean done; // expired or cancelled: never fires again

        Watch(String id, Runnable onExpiry) {
            this.id = id;
            this.onExpiry = onExpiry;
        }

        synchronized boolean setDeadline(Instant expiresAt) {
            if (done) {
                return false;
            }
            deadline = expiresAt;
            arm();
            return true;
        }

        synchronized Optional<Instant> deadline() {
            return done ? Optional.empty() : Optional.of(deadline);
        }

        synchronized void cancel() {
            done = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        private void arm() {
            if (timer != null) {
                timer.cancel(false);
            }
            long delay = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            try {
                timer = scheduler.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The scheduler is shutting down with the application: its connections are closed by the shutdown.
                LOG.fine(() -> "No expiry timer for " + id + ": " + e.getMessage());
                timer = null;
            }
        }

        private void fire() {
            synchronized (this) {
                if (done) {
                    return;
                }
                if (clock.instant().isBefore(deadline)) {
                    arm(); // early, or renewed while this timer was already running
                    return;
                }
                done = true;
            }
            watches.remove(id, this);
            try {
                onExpiry.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "Closing " + id + " at its token's expiry failed");
            }
        }
    }
}
