package io.switchboard.cluster;

import java.time.Clock;

/**
 * Whether this node can currently talk to Redis, and since when it cannot. The reader thread and publishers report
 * what their commands did; nothing trusts a client library's "connected" flag, only the outcome of real commands.
 * A node starts "down" until its reader has connected once.
 */
final class RedisLink {

    private final Clock clock;
    private volatile boolean up;
    private volatile long downSince;

    RedisLink(Clock clock) {
        this.clock = clock;
        this.downSince = clock.millis();
    }

    boolean isUp() {
        return up;
    }

    synchronized void markUp() {
        up = true;
    }

    /** Returns true when this call changed the state (so the caller logs the outage once). */
    synchronized boolean markDown() {
        if (!up) {
            return false;
        }
        up = false;
        downSince = clock.millis();
        return true;
    }

    /** Ready unless Redis has been away for longer than {@code graceMillis}. */
    boolean ready(long graceMillis) {
        return up || clock.millis() - downSince <= graceMillis;
    }
}
