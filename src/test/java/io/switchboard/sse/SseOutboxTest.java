package io.switchboard.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.metrics.DropCause;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox against an output that behaves as a servlet stream in non-blocking mode, readiness and all. */
class SseOutboxTest {

    private static final long TIMEOUT_MILLIS = 500;

    private final ExecutorService writers = Executors.newFixedThreadPool(3);
    private final AtomicReference<String> closedBecause = new AtomicReference<>();
    private final AtomicInteger written = new AtomicInteger();
    private final FakeOutput output = new FakeOutput();
    private final SseOutbox outbox = new SseOutbox(1000, writers, SseFormat.NAMED, TIMEOUT_MILLIS,
            frame -> written.incrementAndGet(), closedBecause::set);

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    @Test
    void writesWhatWasQueuedBeforeTheStreamOpenedThenLiveFramesInOrder() throws Exception {
        outbox.preload(java.util.List.of(SseFrame.comment("first")));
        for (int i = 0; i < 10; i++) {
            assertTrue(outbox.offer(SseFrame.comment("early " + i)));
        }
        assertEquals("", output.text(), "nothing goes out before the stream is attached");
        outbox.attach(output);
        for (int i = 0; i < 600; i++) {
            assertTrue(outbox.offer(SseFrame.comment("live " + i)));
        }
        StringBuilder expected = new StringBuilder(": first\n\n");
        for (int i = 0; i < 10; i++) {
            expected.append(": early ").append(i).append("\n\n");
        }
        for (int i = 0; i < 600; i++) {
            expected.append(": live ").append(i).append("\n\n");
        }
        await(() -> output.text().length() == expected.length());
        assertEquals(expected.toString(), output.text());
        assertTrue(output.flushes.get() <= output.writes.get(), "at most one flush per write");
        await(outbox::isIdle);
        assertEquals(null, closedBecause.get());
    }

    @Test
    void batchesAQueueBuiltUpWhileTheClientWasNotReadyIntoFewFlushes() throws Exception {
        outbox.attach(output);
        output.ready = false;
        for (int i = 0; i < 1000; i++) {
            outbox.offer(SseFrame.comment("e" + i));
        }
        await(() -> outbox.size() == 1000);
        output.becomeWritable(outbox);
        await(() -> outbox.size() == 0 && outbox.isIdle());
        assertEquals(1000, output.writes.get());
        assertTrue(output.flushes.get() <= 1000 / SseOutbox.BATCH + 2, "flushes: " + output.flushes.get());
    }

    @Test
    void writesNothingWhileTheOutputIsNotReadyAndResumesWhenItSaysWritable() throws Exception {
        outbox.attach(output);
        output.ready = false;
        outbox.offer(SseFrame.comment("a"));
        outbox.offer(SseFrame.comment("b"));
        Thread.sleep(100);
        assertEquals("", output.text());
        assertTrue(output.owedCallback, "the output was asked, so it owes a writable callback");
        output.becomeWritable(outbox);
        await(() -> output.text().equals(": a\n\n: b\n\n"));
    }

    @Test
    void dropsAClientThatTakesNothingForTheWriteTimeoutAsSlow() throws Exception {
        outbox.attach(output);
        output.ready = false;
        outbox.offer(SseFrame.comment("stuck"));
        await(() -> output.owedCallback);
        outbox.checkStalled(System.nanoTime());
        assertFalse(outbox.isClosed(), "within the timeout");
        outbox.checkStalled(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS + 100));
        assertTrue(outbox.isClosed());
        assertEquals(Optional.of(DropCause.SLOW_CLIENT), DropCause.of(closedBecause.get()));
    }

    @Test
    void aClientThatKeepsUpIsNeverTakenForStalled() throws Exception {
        outbox.attach(output);
        outbox.offer(SseFrame.comment("x"));
        await(() -> output.text().equals(": x\n\n"));
        await(outbox::isIdle);
        outbox.checkStalled(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        assertFalse(outbox.isClosed());
    }

    @Test
    void closesWhenItsQueueOverflows() {
        SseOutbox small = new SseOutbox(3, writers, SseFormat.NAMED, TIMEOUT_MILLIS, frame -> { }, closedBecause::set);
        for (int i = 0; i < 3; i++) {
            assertTrue(small.offer(SseFrame.comment("q")));
        }
        assertFalse(small.offer(SseFrame.comment("q")));
        assertTrue(small.isClosed());
        assertEquals(Optional.of(DropCause.SLOW_CLIENT), DropCause.of(closedBecause.get()));
    }

    @Test
    void aLastFrameGoesOutFlushedAndThenNothingElse() throws Exception {
        outbox.attach(output);
        outbox.offer(SseFrame.tokenExpired("token_expired"));
        await(() -> closedBecause.get() != null); // reported just after the outbox turns closed
        assertEquals("token_expired", closedBecause.get());
        assertEquals("event: error\ndata: {\"error\":\"token_expired\"}\n\n", output.text());
        assertTrue(output.flushes.get() >= 1);
        assertFalse(outbox.offer(SseFrame.comment("after")));
    }

    @Test
    void aFailedWriteClosesWithItsCause() throws Exception {
        output.failing = true;
        outbox.attach(output);
        outbox.offer(SseFrame.comment("x"));
        await(() -> closedBecause.get() != null);
        assertEquals(Optional.of(DropCause.WRITE_FAILED), DropCause.of(closedBecause.get()));
    }

    @Test
    void aStreamOpenedAfterItsClientWasClosedIsCompletedAtOnce() {
        outbox.close("disconnected by an operator");
        outbox.attach(output);
        assertTrue(output.completed);
        outbox.complete();
        assertEquals(1, output.completions.get(), "completed once");
    }

    @Test
    void aDeferredOfferLeavesTheDrainToItsCallerOnce() throws Exception {
        outbox.attach(output);
        await(outbox::isIdle);
        assertTrue(outbox.offerDeferred(SseFrame.comment("a")), "the first offer owns the drain");
        assertFalse(outbox.offerDeferred(SseFrame.comment("b")), "a drain is owned already");
        Thread.sleep(50);
        assertEquals("", output.text(), "nobody drained it yet");
        outbox.drainOwned();
        assertEquals(": a\n\n: b\n\n", output.text());
        assertTrue(outbox.offerDeferred(SseFrame.comment("c")), "owned again once drained");
        outbox.drainRefused("no writer thread available: test");
        assertTrue(outbox.isClosed());
    }

    @Test
    void countsOnlyHubEventsAsWritten() throws Exception {
        outbox.attach(output);
        outbox.offer(SseFrame.comment("not an event"));
        await(() -> output.writes.get() == 1);
        assertEquals(0, written.get());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /**
     * As a servlet stream with a write listener: writes only while ready (anything else is the caller's bug and fails the
     * test), and once isReady() answered false it owes exactly one writable callback.
     */
    private static final class FakeOutput implements EventOutput {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger completions = new AtomicInteger();
        volatile boolean ready = true;
        volatile boolean owedCallback;
        volatile boolean failing;
        volatile boolean completed;

        @Override
        public synchronized boolean isReady() {
            if (!ready) {
                owedCallback = true;
            }
            return ready;
        }

        @Override
        public synchronized void write(byte[] frame) throws IOException {
            if (!ready) {
                throw new IllegalStateException("written while not ready");
            }
            if (failing) {
                throw new IOException("Broken pipe");
            }
            bytes.writeBytes(frame);
            writes.incrementAndGet();
        }

        @Override
        public synchronized void flush() {
            if (!ready) {
                throw new IllegalStateException("flushed while not ready");
            }
            flushes.incrementAndGet();
        }

        @Override
        public void complete() {
            completed = true;
            completions.incrementAndGet();
        }

        void becomeWritable(SseOutbox outbox) {
            ready = true;
            boolean owed;
            synchronized (this) {
                owed = owedCallback;
                owedCallback = false;
            }
            if (owed) {
                outbox.writable();
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
