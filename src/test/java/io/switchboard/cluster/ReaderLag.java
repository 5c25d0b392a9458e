package io.switchboard.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples, every few milliseconds while a measurement runs, how far a reader is behind the stream: in entries
 * (appended so far minus delivered so far) and in time (the age of the entry it delivered last, whenever it is
 * behind). Keeps the largest of each.
 */
final class ReaderLag implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 10;

    private final AtomicLong appended;
    private final DeliveryTally tally;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long maxEntries;
    private volatile long maxMillis;

    ReaderLag(AtomicLong appended, DeliveryTally tally) {
        this.appended = appended;
        this.tally = tally;
        this.sampler = new Thread(this::sample, "reader-lag");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            long behind = appended.get() - tally.count();
            long last = tally.lastAppendedMillis();
            if (behind > 0) {
                maxEntries = Math.max(maxEntries, behind);
                if (last > 0) {
                    maxMillis = Math.max(maxMillis, System.currentTimeMillis() - last);
                }
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long maxEntries() {
        return maxEntries;
    }

    long maxMillis() {
        return maxMillis;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
