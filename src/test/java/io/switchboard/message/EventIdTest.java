package io.switchboard.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void parsesAndPrintsRedisStreamShapedIds() {
        assertEquals(Optional.of(new EventId(1700000000000L, 3)), EventId.parse("1700000000000-3"));
        assertEquals("1700000000000-3", new EventId(1700000000000L, 3).toString());
        for (String bad : new String[] {null, "", "12", "-1", "1-", "a-1", "1-b", "1--2"}) {
            assertTrue(EventId.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void ordersByTimeThenSequence() {
        assertTrue(new EventId(1, 5).compareTo(new EventId(2, 0)) < 0);
        assertTrue(new EventId(2, 1).compareTo(new EventId(2, 0)) > 0);
    }

    @Test
    void generatorStaysIncreasingWhenTheClockStandsStillOrStepsBack() {
        MutableClock clock = new MutableClock(1000);
        EventIdGenerator ids = new EventIdGenerator(clock);
        EventId first = ids.next();
        EventId second = ids.next();
        clock.millis = 900;
        EventId third = ids.next();
        clock.millis = 2000;
        EventId fourth = ids.next();
        assertEquals(new EventId(1000, 0), first);
        assertEquals(new EventId(1000, 1), second);
        assertEquals(new EventId(1000, 2), third);
        assertEquals(new EventId(2000, 0), fourth);
    }

    private static final class MutableClock extends Clock {
        long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
