package io.switchboard.delivery;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A client's outbound queue. Offering never blocks: items are written in order by at most one executor task
 * at a time, so a client that stops reading holds up only itself. When its queue is full or a write fails,
 * the mailbox closes and reports why; the client is then to be dropped, never silently skipped.
 * Shared by the outbound transports (SSE, WebSocket), so every transport treats slow clients alike.
 */
public final class Mailbox<T> {

    /** Writes one item; throws when the client can no longer be written to. */
    public interface Writer<T> {
        void write(T item) throws Exception;
    }

    private static final int BATCH = 64;

    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int capacity;
    private final Executor executor;
    private final Writer<T> writer;
    private final Consumer<String> onClose;

    public Mailbox(int capacity, Executor executor, Writer<T> writer, Consumer<String> onClose) {
        this.capacity = capacity;
        this.executor = executor;
        this.writer = writer;
        this.onClose = onClose;
    }

    /** Queues items regardless of capacity: what a client is owed on connecting (its replay) is never refused. */
    public void preload(List<? extends T> items) {
        queue.addAll(items);
        size.addAndGet(items.size());
        schedule();
    }

    /** @return false when the mailbox is closed, or closes now because it is full */
    public boolean offer(T item) {
        if (closed.get()) {
            return false;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            close("queue full (" + capacity + " items): the client does not keep up");
            return false;
        }
        queue.add(item);
        schedule();
        return true;
    }

    public int size() {
        return size.get();
    }

    /** Nothing queued and no write in progress: what a graceful shutdown waits for. */
    public boolean isIdle() {
        return size.get() == 0 && !scheduled.get();
    }

    public boolean isClosed() {
        return closed.get();
    }

    public void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            size.set(0);
            onClose.accept(reason);
        }
    }

    private void schedule() {
        if (!closed.get() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                close("no writer thread available: " + e.getMessage());
            }
        }
    }

    private void drain() {
        int written = 0;
        T item;
        while (written < BATCH && !closed.get() && (item = queue.poll()) != null) {
            size.decrementAndGet();
            try {
                writer.write(item);
            } catch (Exception e) {
                scheduled.set(false);
                close("write failed: " + e);
                return;
            }
            written++;
        }
        scheduled.set(false);
        // Items offered while this task was finishing, or past the batch, need a new task.
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
