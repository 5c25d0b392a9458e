package io.switchboard.cluster;

/**
 * Delays between reconnect attempts: from the minimum, doubling after each failure up to the maximum, back to the
 * minimum after a success. Doubling keeps a dead Redis from being hammered by every node at once while a short
 * blip costs only the minimum. Not thread-safe: the reader thread alone uses it.
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long next;

    Backoff(long minMillis, long maxMillis) {
        this.minMillis = minMillis;
        this.maxMillis = Math.max(minMillis, maxMillis);
        this.next = minMillis;
    }

    /** The delay to wait now; the following one is twice as long, up to the maximum. */
    long nextDelay() {
        long delay = next;
        next = Math.min(maxMillis, next * 2);
        return delay;
    }

    void reset() {
        next = minMillis;
    }
}
