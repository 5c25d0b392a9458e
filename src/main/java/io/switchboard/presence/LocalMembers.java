package io.switchboard.presence;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The members on this node: updated as connections join and leave, read by the store and the API. Thread-safe. */
public final class LocalMembers {

    private final Map<String, Member> byKey = new ConcurrentHashMap<>();
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

    /** @return false when it was a member already */
    boolean add(Member member) {
        if (byKey.putIfAbsent(member.key(), member) != null) {
            return false;
        }
        sizes.merge(member.room(), 1, Integer::sum);
        return true;
    }

    /** @return the member as it joined, or {@code null} when it was none */
    Member remove(String room, String connectionId) {
        Member removed = byKey.remove(room + " " + connectionId);
        if (removed != null) {
            sizes.computeIfPresent(room, (key, size) -> size == 1 ? null : size - 1);
        }
        return removed;
    }

    /** How many of this node's connections are in the room. */
    int size(String room) {
        return sizes.getOrDefault(room, 0);
    }

    public List<Member> all() {
        return List.copyOf(byKey.values());
    }

    public List<Member> inRoom(String room) {
        return byKey.values().stream().filter(member -> member.room().equals(room)).toList();
    }

    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        byKey.values().forEach(member -> counts.merge(member.room(), 1, Integer::sum));
        return counts;
    }

    /** The order lists are shown in: who joined first, then by connection id. */
    static final Comparator<Member> ORDER = Comparator.comparing(Member::joinedAt).thenComparing(Member::connectionId);
}
