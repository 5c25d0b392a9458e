package io.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class AddressCountsTest {

    @Test
    void admitsUpToTheCapThenRefusesUntilASlotIsReleased() {
        AddressCounts counts = new AddressCounts(2);
        assertTrue(counts.tryAcquire("a"));
        assertTrue(counts.tryAcquire("a"));
        assertFalse(counts.tryAcquire("a"));
        assertTrue(counts.tryAcquire("b"), "another address has slots of its own");
        assertEquals(2, counts.count("a"));
        counts.release("a");
        assertTrue(counts.tryAcquire("a"));
        assertFalse(counts.tryAcquire("a"));
    }

    @Test
    void anEntryGoesWithItsLastSlot() {
        AddressCounts counts = new AddressCounts(5);
        counts.tryAcquire("a");
        counts.tryAcquire("a");
        counts.release("a");
        assertEquals(1, counts.addresses());
        counts.release("a");
        assertEquals(0, counts.addresses());
        counts.release("a"); // one too many: nothing to take below zero
        assertEquals(0, counts.count("a"));
        assertEquals(0, counts.addresses());
    }

    @Test
    void acquireCountsPastTheCap() {
        AddressCounts counts = new AddressCounts(1);
        counts.acquire("a");
        counts.acquire("a");
        assertEquals(2, counts.count("a"));
        assertFalse(counts.tryAcquire("a"));
        counts.release("a");
        assertFalse(counts.tryAcquire("a"), "still at the cap");
        counts.release("a");
        assertTrue(counts.tryAcquire("a"));
    }

    @Test
    void zeroMeansNoCapAndNothingCounted() {
        AddressCounts counts = new AddressCounts(0);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(counts.tryAcquire("a"));
        }
        counts.acquire("a");
        assertEquals(0, counts.addresses());
        counts.release("a");
        assertEquals(0, new AddressCounts(-3).max());
    }

    @Test
    void anUnknownAddressIsAdmittedAndNotCounted() {
        AddressCounts counts = new AddressCounts(1);
        assertTrue(counts.tryAcquire(null));
        assertTrue(counts.tryAcquire(null));
        counts.release(null);
        assertEquals(0, counts.addresses());
        assertEquals(0, counts.count(null));
    }

    @Test
    void concurrentOpensNeverPassTheCap() throws Exception {
        int cap = 7;
        AddressCounts counts = new AddressCounts(cap);
        AtomicInteger admitted = new AtomicInteger();
        runConcurrently(8, 500, thread -> {
            if (counts.tryAcquire("one")) {
                admitted.incrementAndGet();
            }
        });
        assertEquals(cap, admitted.get());
        assertEquals(cap, counts.count("one"));
    }

    @Test
    void concurrentOpensAndClosesLeaveTheMapEmpty() throws Exception {
        AddressCounts counts = new AddressCounts(3);
        AtomicInteger peak = new AtomicInteger();
        runConcurrently(8, 20_000, thread -> {
            String address = "10.0.0." + (thread % 4);
            if (counts.tryAcquire(address)) {
                peak.accumulateAndGet(counts.count(address), Math::max);
                counts.release(address);
            }
        });
        assertEquals(0, counts.addresses(), "every entry removed at zero");
        assertTrue(peak.get() <= 3, "never over the cap: " + peak.get());
    }

    /** Runs {@code body(thread)} {@code rounds} times on each of {@code threads} threads, all released at once. */
    private static void runConcurrently(int threads, int rounds, IntConsumer body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        body.accept(thread);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
