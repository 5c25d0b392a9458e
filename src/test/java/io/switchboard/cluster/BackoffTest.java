package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumAndResets() {
        Backoff backoff = new Backoff(100, 700);
        assertEquals(100, backoff.nextDelay());
        assertEquals(200, backoff.nextDelay());
        assertEquals(400, backoff.nextDelay());
        assertEquals(700, backoff.nextDelay());
        assertEquals(700, backoff.nextDelay());
        backoff.reset();
        assertEquals(100, backoff.nextDelay());
    }

    @Test
    void aMaximumBelowTheMinimumMeansTheMinimum() {
        Backoff backoff = new Backoff(300, 10);
        assertEquals(300, backoff.nextDelay());
        assertEquals(300, backoff.nextDelay());
    }
}
