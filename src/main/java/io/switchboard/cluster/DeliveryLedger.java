package io.switchboard.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The origin keys ({@link StreamEntry#originKey()}) of the events this node delivered lately, so that each accepted
 * input reaches local clients once: an entry the origin already fired itself while Redis was away is skipped when it
 * comes back through the stream, and an entry appended twice (a publish whose reply was lost, then retried from the
 * outbox) is delivered once on every node. Bounded: the oldest keys are forgotten first, so the capacity must cover
 * the outbox plus the entries read before a flushed entry comes back. Thread-safe.
 */
final class DeliveryLedger {

    private final Map<String, Boolean> keys;

    DeliveryLedger(int capacity) {
        this.keys = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code originKey}; true the first time, false when it was recorded already (deliver nothing then). */
    synchronized boolean firstSighting(String originKey) {
        return keys.putIfAbsent(originKey, Boolean.TRUE) == null;
    }

    synchronized int size() {
        return keys.size();
    }
}
