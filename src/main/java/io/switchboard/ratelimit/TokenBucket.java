package io.switchboard.ratelimit;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code burst} tokens, refilled at {@code perSecond}; each request takes one. Lets a
 * client send a burst, then holds it to the steady rate.
 */
public final class TokenBucket {

    private final double burst;
    private final double perNano;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    TokenBucket(double perSecond, int burst, LongSupplier clock) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** @return whether a request may go now (and takes its token if so) */
    public synchronized boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Full again: nobody has used it for a while, so forgetting it loses nothing. */
    synchronized boolean isFull() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}
