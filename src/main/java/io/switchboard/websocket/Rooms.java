package io.switchboard.websocket;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms one connection has joined, and so which events it receives. A connection in no room follows every
 * event, like {@code /api/events} without a channel; once in rooms, it follows events for everyone and those of
 * its rooms only. Thread-safe: joins happen on the connection's thread, filtering on the publisher's.
 */
final class Rooms {

    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private final int max;

    Rooms(int max) {
        this.max = max;
    }

    /** @return false when the room is new and the connection is already in {@code max} rooms */
    synchronized boolean join(String room) {
        if (joined.contains(room)) {
            return true;
        }
        if (joined.size() >= max) {
            return false;
        }
        return joined.add(room);
    }

    int max() {
        return max;
    }

    synchronized void leave(String room) {
        joined.remove(room);
    }

    boolean follows(HubEvent event) {
        // Read without the lock: a join racing an event may or may not get it, as with any subscription.
        return joined.isEmpty() || event.audience() == Audience.EVERYONE || joined.contains(event.channel());
    }

    List<String> list() {
        return joined.stream().sorted().toList();
    }

    Set<String> snapshot() {
        return Set.copyOf(joined);
    }
}
