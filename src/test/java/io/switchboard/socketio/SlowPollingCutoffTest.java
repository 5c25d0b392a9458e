package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bound itself; the closing of a real polling session that stops polling is in {@link SlowClientsTest}.
 */
class SlowPollingCutoffTest {

    @Test
    void aQueueExceedsTheBoundOnlyWithMoreThanThatMany() {
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 3; i++) {
            queue.add(i);
        }

        assertFalse(SlowPollingCutoff.exceeds(queue, 3));
        assertTrue(SlowPollingCutoff.exceeds(queue, 2));
        assertFalse(SlowPollingCutoff.exceeds(List.of(), 0));
    }

    @Test
    void itLooksAtNoMoreThanTheBoundPlusOne() {
        AtomicInteger looked = new AtomicInteger();
        Iterable<Integer> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return looked.incrementAndGet();
            }
        };

        assertTrue(SlowPollingCutoff.exceeds(endless, 1000));
        assertTrue(looked.get() <= 1001, "looked at " + looked.get());
    }
}
