package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicReference<String> closedBecause = new AtomicReference<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void writesEveryItemInOrderOneAtATime() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1000);
        Mailbox<Integer> mailbox = new Mailbox<>(2000, executor, item -> {
            written.add(item);
            done.countDown();
        }, closedBecause::set);
        mailbox.preload(List.of(-2, -1));
        for (int i = 0; i < 998; i++) {
            assertTrue(mailbox.offer(i));
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        List<Integer> expected = new ArrayList<>(List.of(-2, -1));
        for (int i = 0; i < 998; i++) {
            expected.add(i);
        }
        assertEquals(expected, written);
        assertEquals(null, closedBecause.get());
    }

    @Test
    void closesWhenAStalledClientFillsItsQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Mailbox<Integer> mailbox = new Mailbox<>(3, executor, item -> release.await(), closedBecause::set);
        // The first item is taken by the writer and blocks; three more fill the queue; the next overflows.
        assertTrue(mailbox.offer(0));
        waitUntil(() -> mailbox.size() == 0);
        assertTrue(mailbox.offer(1));
        assertTrue(mailbox.offer(2));
        assertTrue(mailbox.offer(3));
        assertFalse(mailbox.offer(4));
        assertTrue(mailbox.isClosed());
        assertTrue(closedBecause.get().startsWith("queue full"), closedBecause.get());
        assertFalse(mailbox.offer(5));
        release.countDown();
    }

    @Test
    void closesWhenAWriteFailsAndWritesNothingAfter() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        Mailbox<Integer> mailbox = new Mailbox<>(100, executor, item -> {
            if (item == 2) {
                throw new java.io.IOException("broken pipe");
            }
            written.add(item);
        }, closedBecause::set);
        for (int i = 0; i < 5; i++) {
            mailbox.offer(i);
        }
        waitUntil(() -> closedBecause.get() != null);
        assertTrue(mailbox.isClosed());
        assertTrue(closedBecause.get().contains("broken pipe"));
        assertEquals(List.of(0, 1), written);
    }

    @Test
    void aStalledMailboxDoesNotHoldUpAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Mailbox<Integer> stalled = new Mailbox<>(100, executor, item -> release.await(), closedBecause::set);
        CountDownLatch fastDone = new CountDownLatch(50);
        Mailbox<Integer> fast = new Mailbox<>(100, executor, item -> fastDone.countDown(), closedBecause::set);
        for (int i = 0; i < 50; i++) {
            stalled.offer(i);
            fast.offer(i);
        }
        assertTrue(fastDone.await(10, TimeUnit.SECONDS));
        release.countDown();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
