package io.switchboard.connection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each client address holds, against a cap. Counts change inside {@link Map#compute}, which is
 * atomic per key, so concurrent opens from one address can never pass the cap together, and an entry is removed in
 * the same step that takes its count to zero, so the map holds only addresses with live connections and a flood of
 * distinct addresses leaves nothing behind once they are gone. A {@code null} address (a container that cannot tell)
 * is admitted and not counted: there is nothing to attribute it to.
 */
final class AddressCounts {

    private final int max;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    /** @param max connections one address may hold; 0 or less: no cap, and nothing is counted */
    AddressCounts(int max) {
        this.max = Math.max(0, max);
    }

    int max() {
        return max;
    }

    /** Takes a slot for {@code address}, unless it holds {@code max} already; then nothing changes. */
    boolean tryAcquire(String address) {
        if (max == 0 || address == null) {
            return true;
        }
        // Refusing a flood must stay cheap: a plain read turns it away without taking the key's lock.
        Integer held = counts.get(address);
        if (held != null && held >= max) {
            return false;
        }
        boolean[] admitted = new boolean[1];
        counts.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    /** Takes a slot even past the cap: for a connection its transport can no longer refuse. */
    void acquire(String address) {
        if (max == 0 || address == null) {
            return;
        }
        counts.merge(address, 1, Integer::sum);
    }

    /** Gives back one slot of {@code address}; the entry goes when its last slot does. */
    void release(String address) {
        if (max == 0 || address == null) {
            return;
        }
        counts.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Connections {@code address} holds now (0 when the cap is off). */
    int count(String address) {
        return address == null ? 0 : counts.getOrDefault(address, 0);
    }

    /** Addresses holding at least one connection. */
    int addresses() {
        return counts.size();
    }
}
