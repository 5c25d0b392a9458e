package io.switchboard.connection;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of this node across transports. Each transport registers a connection when it opens,
 * records the rooms it joins and leaves, and unregisters it when it closes, whatever the reason.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private record Entry(String transport, String remoteAddress, Instant connectedAt, Set<String> rooms) {
    }

    private final Map<String, Entry> connections = new ConcurrentHashMap<>();

    public void register(String id, String transport, String remoteAddress, Set<String> rooms) {
        Set<String> live = ConcurrentHashMap.newKeySet();
        live.addAll(rooms);
        connections.put(id, new Entry(transport, remoteAddress, Instant.now(), live));
    }

    public void unregister(String id) {
        connections.remove(id);
    }

    public void joined(String id, String room) {
        Entry entry = connections.get(id);
        if (entry != null) {
            entry.rooms().add(room);
        }
    }

    public void left(String id, String room) {
        Entry entry = connections.get(id);
        if (entry != null) {
            entry.rooms().remove(room);
        }
    }

    public int count(String transport) {
        return (int) connections.values().stream().filter(entry -> entry.transport().equals(transport)).count();
    }

    public List<ConnectionInfo> list() {
        return connections.entrySet().stream()
                .map(e -> new ConnectionInfo(e.getKey(), e.getValue().transport(), e.getValue().remoteAddress(),
                        e.getValue().connectedAt(), Set.copyOf(e.getValue().rooms())))
                .sorted(Comparator.comparing(ConnectionInfo::connectedAt).thenComparing(ConnectionInfo::id))
                .toList();
    }
}
