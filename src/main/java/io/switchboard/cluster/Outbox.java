package io.switchboard.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Entries this node accepted while Redis was away, oldest first, waiting to be appended to the stream. Bounded, so an
 * outage costs at most {@code capacity} entries of memory; when full, {@link #offer} refuses and the publisher answers
 * "unavailable" instead of dropping silently. Not thread-safe: {@link ClusterPublisher} serializes access.
 */
final class Outbox {

    private final int capacity;
    private final Deque<StreamEntry> entries = new ArrayDeque<>();

    Outbox(int capacity) {
        this.capacity = capacity;
    }

    boolean offer(StreamEntry entry) {
        if (entries.size() >= capacity) {
            return false;
        }
        entries.addLast(entry);
        return true;
    }

    /** The oldest entry, left in place until {@link #removeOldest()} confirms Redis took it. */
    StreamEntry oldest() {
        return entries.peekFirst();
    }

    void removeOldest() {
        entries.pollFirst();
    }

    /** Up to {@code count} oldest entries, left in place until {@link #removeOldest(int)} confirms Redis took them. */
    List<StreamEntry> oldest(int count) {
        List<StreamEntry> batch = new ArrayList<>(Math.min(count, entries.size()));
        Iterator<StreamEntry> iterator = entries.iterator();
        while (batch.size() < count && iterator.hasNext()) {
            batch.add(iterator.next());
        }
        return batch;
    }

    void removeOldest(int count) {
        for (int i = 0; i < count && !entries.isEmpty(); i++) {
            entries.pollFirst();
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }
}
