package io.switchboard.sse;

import io.switchboard.message.Audience;
import io.switchboard.message.EventId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recent events of each channel (and those for everyone), kept so that a client reconnecting with
 * {@code Last-Event-ID} gets what it missed. Bounded per channel, and in the number of channels kept:
 * the channel written to least recently is forgotten first. Not thread-safe: its owner serializes access.
 */
final class EventHistory {

    private record Entry(long order, EventFrame frame) {
    }

    private final int perChannel;
    private final Deque<Entry> everyone = new ArrayDeque<>();
    private final Map<String, Deque<Entry>> channels;
    private long nextOrder;

    EventHistory(int perChannel, int maxChannels) {
        this.perChannel = perChannel;
        this.channels = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Entry>> eldest) {
                return size() > maxChannels;
            }
        };
    }

    void append(EventFrame frame) {
        if (perChannel <= 0) {
            return;
        }
        Deque<Entry> ring = frame.event().audience() == Audience.EVERYONE
                ? everyone
                : channels.computeIfAbsent(frame.event().channel(), name -> new ArrayDeque<>());
        ring.addLast(new Entry(nextOrder++, frame));
        if (ring.size() > perChannel) {
            ring.removeFirst();
        }
    }

    /**
     * The retained events after {@code lastEventId} that a client following {@code channel} (null: all) receives,
     * oldest first. Events are found by position when the id is still retained, so the order is the order in which
     * this node delivered them; an id no longer retained selects the events with greater ids.
     */
    List<EventFrame> after(String lastEventId, String channel) {
        List<Entry> candidates = candidates(channel);
        Optional<List<EventFrame>> byPosition = afterPosition(candidates, lastEventId);
        if (byPosition.isPresent()) {
            return byPosition.get();
        }
        Optional<EventId> last = EventId.parse(lastEventId);
        if (last.isEmpty()) {
            return List.of();
        }
        return frames(candidates.stream()
                .filter(entry -> EventId.parse(entry.frame().event().id())
                        .map(id -> id.compareTo(last.get()) > 0).orElse(false))
                .toList());
    }

    /** Whether {@code lastEventId} is still retained among the events a follower of {@code channel} receives. */
    boolean retains(String lastEventId, String channel) {
        return afterPosition(candidates(channel), lastEventId).isPresent();
    }

    private static Optional<List<EventFrame>> afterPosition(List<Entry> candidates, String lastEventId) {
        for (int i = candidates.size() - 1; i >= 0; i--) {
            if (candidates.get(i).frame().event().id().equals(lastEventId)) {
                return Optional.of(frames(candidates.subList(i + 1, candidates.size())));
            }
        }
        return Optional.empty();
    }

    private List<Entry> candidates(String channel) {
        List<Entry> candidates = new ArrayList<>();
        if (channel == null) {
            channels.values().forEach(candidates::addAll);
        } else {
            Deque<Entry> ring = channels.get(channel);
            if (ring != null) {
                candidates.addAll(ring);
            }
        }
        candidates.addAll(everyone);
        candidates.sort(Comparator.comparingLong(Entry::order));
        return candidates;
    }

    private static List<EventFrame> frames(List<Entry> entries) {
        return entries.stream().map(Entry::frame).toList();
    }
}
