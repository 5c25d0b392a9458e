package io.switchboard.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.InvalidInputException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void aBurstThenTheSteadyRate() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(2, 3, now::get);
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
        now.addAndGet(500_000_000L); // half a second: one token at 2 per second
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
        now.addAndGet(10_000_000_000L);
        assertTrue(bucket.isFull());
    }

    @Test
    void sendersHaveTheirOwnBucketsAndOverTheLimitIs429() {
        RateLimits limits = new RateLimits(0.001, 2);
        limits.checkSender("a");
        limits.checkSender("a");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> limits.checkSender("a"));
        assertEquals(429, e.status());
        assertEquals("rate_limited", e.error());
        limits.checkSender("b");
    }

    @Test
    void rateZeroMeansNoLimit() {
        RateLimits off = new RateLimits(0, 1);
        for (int i = 0; i < 100; i++) {
            off.checkSender("a");
        }
        off.take(off.newBucket());
    }
}
