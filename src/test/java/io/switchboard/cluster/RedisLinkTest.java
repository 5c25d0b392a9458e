package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RedisLinkTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void readyUntilDownLongerThanTheGrace() {
        RedisLink link = new RedisLink(clock);
        assertFalse(link.isUp(), "down until the reader connects");
        assertTrue(link.ready(500), "a starting node is ready within the grace");
        now.addAndGet(501);
        assertFalse(link.ready(500));

        link.markUp();
        assertTrue(link.ready(0));
        now.addAndGet(10_000);
        assertTrue(link.markDown(), "the first failure reports the change");
        assertFalse(link.markDown(), "later ones do not");
        assertTrue(link.ready(500));
        now.addAndGet(500);
        assertTrue(link.ready(500));
        now.addAndGet(1);
        assertFalse(link.ready(500));
        link.markUp();
        assertTrue(link.ready(500));
    }
}
