package io.switchboard.delivery;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that write to one transport's clients. Writes block on slow clients, so they never run on the
 * publisher's thread; the pool's threads come from the container's factory so they carry the application's context,
 * and idle ones end so an idle node holds none.
 */
public final class WriterPool implements Executor {

    private static final long IDLE_SECONDS = 30;

    private final ThreadPoolExecutor threads;

    public WriterPool(int size, ThreadFactory factory) {
        threads = new ThreadPoolExecutor(size, size, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                factory);
        threads.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(task);
    }

    /** Runs the task on a writer if the pool still takes work, else here (while stopping). */
    public void executeOrRunHere(Runnable task) {
        if (!threads.isShutdown()) {
            try {
                threads.execute(task);
                return;
            } catch (RejectedExecutionException e) {
                // Stopped meanwhile: run it here.
            }
        }
        task.run();
    }

    public boolean isRunning() {
        return !threads.isShutdown();
    }

    /** Lets queued writes finish for at most {@code grace}, then interrupts what is left. */
    public void stop(Duration grace) {
        threads.shutdown();
        try {
            threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }
}
