package io.switchboard.sse;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One SSE client's bounded queue and its non-blocking drain. Offering never blocks. A drain writes what is queued
 * while the output takes it, up to {@value #BATCH} frames, then flushes once: one write per batch, not one flush per
 * event. When the output stops taking bytes the drain ends and the output's writable callback resumes it, so a client
 * that stops reading holds no thread. It is dropped when its queue fills, or when it has taken nothing for the write
 * timeout ({@link #checkStalled}, on every heartbeat), or when a write fails: never silently skipped.
 */
final class SseOutbox {

    static final int BATCH = 256;

    private final Queue<SseFrame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    // Writes, flushes and completion never overlap: the servlet stream allows one writer at a time.
    private final ReentrantLock writing = new ReentrantLock();
    private final int capacity;
    private final Executor writers;
    private final SseFormat format;
    private final long writeTimeoutNanos;
    private final Consumer<EventFrame> onWritten;
    private final Consumer<String> onClose;

    private EventOutput output;
    private boolean unflushed;
    private String finishing;
    private boolean completed;
    private volatile long stalledSince;

    SseOutbox(int capacity, Executor writers, SseFormat format, long writeTimeoutMillis, Consumer<EventFrame> onWritten,
              Consumer<String> onClose) {
        this.capacity = capacity;
        this.writers = writers;
        this.format = format;
        this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMillis);
        this.onWritten = onWritten;
        this.onClose = onClose;
    }

    /** Queues frames regardless of capacity: what a client is owed on connecting (its replay) is never refused. */
    void preload(List<? extends SseFrame> frames) {
        queue.addAll(frames);
        size.addAndGet(frames.size());
        schedule();
    }

    /** @return false when the outbox is closed, or closes now because it is full */
    boolean offer(SseFrame frame) {
        if (!enqueue(frame)) {
            return false;
        }
        schedule();
        return true;
    }

    /**
     * Queues a frame without starting a drain, for a fan-out that drains many outboxes per writer task.
     *
     * @return true when the caller now owns this outbox's drain and must run it ({@link #drainOwned()})
     */
    boolean offerDeferred(SseFrame frame) {
        return enqueue(frame) && !closed.get() && scheduled.compareAndSet(false, true);
    }

    /** The drain an {@link #offerDeferred} made the caller own. Never blocks: it writes only while the stream takes bytes. */
    void drainOwned() {
        drain();
    }

    /** The drain an {@link #offerDeferred} made the caller own, which it could not run (no writer thread). */
    void drainRefused(String reason) {
        scheduled.set(false);
        close(reason);
    }

    private boolean enqueue(SseFrame frame) {
        if (closed.get()) {
            return false;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            close("queue full (" + capacity + " items): the client does not keep up");
            return false;
        }
        queue.add(frame);
        return true;
    }

    /** The stream is open: what was queued meanwhile goes out now. Completed at once if closed meanwhile. */
    void attach(EventOutput opened) {
        writing.lock();
        try {
            output = opened;
            if (closed.get()) {
                completeLocked();
                return;
            }
        } finally {
            writing.unlock();
        }
        schedule();
    }

    /** The output takes bytes again: resumes the drain on the caller's (the container's) thread. */
    void writable() {
        drain();
    }

    /** Drops the client when it has taken nothing for longer than the write timeout. */
    void checkStalled(long nowNanos) {
        long since = stalledSince;
        if (since != 0 && nowNanos - since > writeTimeoutNanos && !closed.get()) {
            close("write failed: " + TimeoutException.class.getName() + ": no progress in "
                    + TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) + " ms");
        }
    }

    int size() {
        return size.get();
    }

    /** Nothing queued and nothing held back unflushed: what a graceful shutdown waits for. */
    boolean isIdle() {
        return size.get() == 0 && !scheduled.get() && stalledSince == 0;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Refuses further frames and reports {@code reason} once; the stream itself ends with {@link #complete()}. */
    void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            size.set(0);
            onClose.accept(reason);
        }
    }

    /** Ends the response, after a write in progress. */
    void complete() {
        writing.lock();
        try {
            completeLocked();
        } finally {
            writing.unlock();
        }
    }

    private void completeLocked() {
        if (output != null && !completed) {
            completed = true;
            output.complete();
        }
    }

    private void schedule() {
        if (!closed.get() && scheduled.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                close("no writer thread available: " + e.getMessage());
            }
        }
    }

    private void drain() {
        String closing = null;
        writing.lock();
        try {
            // Cleared first: a frame offered from here on schedules a drain of its own, so none waits unseen.
            scheduled.set(false);
            closing = writeWhileReady();
        } finally {
            writing.unlock();
        }
        if (closing != null) {
            close(closing);
        } else if (!queue.isEmpty() && !closed.get() && stalledSince == 0) {
            schedule();
        }
    }

    /** @return why the stream is to close now, or null */
    private String writeWhileReady() {
        if (output == null || completed || closed.get()) {
            return null;
        }
        try {
            int written = 0;
            while (finishing == null && written < BATCH) {
                if (!output.isReady()) {
                    stalled();
                    return null;
                }
                SseFrame frame = queue.poll();
                if (frame == null) {
                    break;
                }
                size.decrementAndGet();
                output.write(frame.bytes(format));
                unflushed = true;
                written++;
                if (frame instanceof EventFrame event) {
                    onWritten.accept(event);
                }
                if (frame instanceof SseFrame.LastFrame last) {
                    finishing = last.reason();
                }
            }
            if (unflushed) {
                if (!output.isReady()) {
                    stalled();
                    return null;
                }
                output.flush();
                unflushed = false;
            }
            stalledSince = 0;
            return finishing;
        } catch (IOException | RuntimeException e) {
            return "write failed: " + e;
        }
    }

    private void stalled() {
        if (stalledSince == 0) {
            stalledSince = Math.max(1, System.nanoTime());
        }
    }
}
