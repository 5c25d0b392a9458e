package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CounterRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstReadingHasNoRate() {
        assertEquals(0, new CounterRate().next(500, 7 * SECOND));
    }

    @Test
    void theRateIsTheGrowthPerSecondSinceTheLastReading() {
        CounterRate rate = new CounterRate();
        rate.next(100, 10 * SECOND);
        assertEquals(40, rate.next(140, 11 * SECOND), 1e-9);
        assertEquals(10, rate.next(150, 12 * SECOND), 1e-9);
        // A late tick: 30 over 1.5 s.
        assertEquals(20, rate.next(180, 13 * SECOND + SECOND / 2), 1e-9);
    }

    @Test
    void anIdleCounterHasRateZero() {
        CounterRate rate = new CounterRate();
        rate.next(100, SECOND);
        assertEquals(0, rate.next(100, 2 * SECOND));
    }

    @Test
    void aCounterThatStartedAgainGivesZeroOnceThenCountsFromItsNewValue() {
        CounterRate rate = new CounterRate();
        rate.next(1000, SECOND);
        assertEquals(0, rate.next(3, 2 * SECOND));
        assertEquals(5, rate.next(8, 3 * SECOND), 1e-9);
    }

    @Test
    void twoReadingsAtTheSameInstantGiveZeroNotInfinity() {
        CounterRate rate = new CounterRate();
        rate.next(1, SECOND);
        assertEquals(0, rate.next(5, SECOND));
    }
}
