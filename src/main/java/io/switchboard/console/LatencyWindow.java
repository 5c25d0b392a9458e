package io.switchboard.console;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The latencies of the last minutes out of a histogram that counts since the start: snapshots of its cumulative
 * bucket counts are kept for the window, and the window's counts are the newest snapshot less the one from the
 * window's start. Bounded by the window divided by the sampling interval (300 snapshots of 13 counts for 5 minutes
 * at one a second).
 */
final class LatencyWindow {

    private record Snapshot(long atMillis, long[] cumulative) {
    }

    private final long windowMillis;
    private final Deque<Snapshot> snapshots = new ArrayDeque<>();

    LatencyWindow(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("the latency window must be positive, not " + windowMillis + " ms");
        }
        this.windowMillis = windowMillis;
    }

    /**
     * Adds a snapshot and answers the window that ends with it.
     *
     * @param cumulative the histogram's counts up to each bound, +Inf last ({@code LatencyHistogram.Snapshot})
     * @return the same shape: counts recorded since the window's start (since the first snapshot, while younger)
     */
    long[] add(long atMillis, long[] cumulative) {
        snapshots.addLast(new Snapshot(atMillis, cumulative.clone()));
        // Keep the newest snapshot at or before the window's start as the baseline; drop those older than it.
        long start = atMillis - windowMillis;
        while (snapshots.size() > 1 && secondOldest().atMillis() <= start) {
            snapshots.removeFirst();
        }
        long[] base = snapshots.getFirst().cumulative();
        long[] window = new long[cumulative.length];
        for (int i = 0; i < window.length; i++) {
            window[i] = i < base.length ? Math.max(0, cumulative[i] - base[i]) : cumulative[i];
        }
        return window;
    }

    int size() {
        return snapshots.size();
    }

    private Snapshot secondOldest() {
        var iterator = snapshots.iterator();
        iterator.next();
        return iterator.next();
    }
}
