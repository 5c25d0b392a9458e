package io.switchboard.history;

import io.switchboard.message.Audience;
import io.switchboard.message.EventId;
import io.switchboard.message.HubEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The recent events of each channel (and those for everyone), kept so that a client reconnecting with
 * {@code Last-Event-ID} gets what it missed. Bounded per channel, and in the number of channels kept:
 * the channel written to least recently is forgotten first. Not thread-safe: its owner serializes access.
 *
 * @param <T> what is kept for each event: the event itself, or a transport's rendering of it
 */
public final class EventHistory<T> {

    private record Entry<T>(long order, T frame) {
    }

    private final Function<T, HubEvent> eventOf;
    private final int perChannel;
    private final Deque<Entry<T>> everyone = new ArrayDeque<>();
    private final Map<String, Deque<Entry<T>>> channels;
    private long nextOrder;

    public EventHistory(int perChannel, int maxChannels, Function<T, HubEvent> eventOf) {
        this.perChannel = perChannel;
        this.eventOf = eventOf;
        this.channels = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Entry<T>>> eldest) {
                return size() > maxChannels;
            }
        };
    }

    public void append(T frame) {
        if (perChannel <= 0) {
            return;
        }
        Deque<Entry<T>> ring = eventOf.apply(frame).audience() == Audience.EVERYONE
                ? everyone
                : channels.computeIfAbsent(eventOf.apply(frame).channel(), name -> new ArrayDeque<>());
        ring.addLast(new Entry<>(nextOrder++, frame));
        if (ring.size() > perChannel) {
            ring.removeFirst();
        }
    }

    /**
     * The retained events after {@code lastEventId} that a client following {@code channel} (null: all) receives,
     * oldest first. Events are found by position when the id is still retained, so the order is the order in which
     * this node delivered them; an id no longer retained selects the events with greater ids.
     */
    public List<T> after(String lastEventId, String channel) {
        List<Entry<T>> candidates = candidates(channel);
        Optional<List<T>> byPosition = afterPosition(candidates, lastEventId);
        if (byPosition.isPresent()) {
            return byPosition.get();
        }
        Optional<EventId> last = EventId.parse(lastEventId);
        if (last.isEmpty()) {
            return List.of();
        }
        return frames(candidates.stream()
                .filter(entry -> EventId.parse(eventOf.apply(entry.frame()).id())
                        .map(id -> id.compareTo(last.get()) > 0).orElse(false))
                .toList());
    }

    /** Whether {@code lastEventId} is still retained among the events a follower of {@code channel} receives. */
    public boolean retains(String lastEventId, String channel) {
        return afterPosition(candidates(channel), lastEventId).isPresent();
    }

    private Optional<List<T>> afterPosition(List<Entry<T>> candidates, String lastEventId) {
        for (int i = candidates.size() - 1; i >= 0; i--) {
            if (eventOf.apply(candidates.get(i).frame()).id().equals(lastEventId)) {
                return Optional.of(frames(candidates.subList(i + 1, candidates.size())));
            }
        }
        return Optional.empty();
    }

    private List<Entry<T>> candidates(String channel) {
        List<Entry<T>> candidates = new ArrayList<>();
        if (channel == null) {
            channels.values().forEach(candidates::addAll);
        } else {
            Deque<Entry<T>> ring = channels.get(channel);
            if (ring != null) {
                candidates.addAll(ring);
            }
        }
        candidates.addAll(everyone);
        candidates.sort(Comparator.comparingLong(Entry::order));
        return candidates;
    }

    private static <T> List<T> frames(List<Entry<T>> entries) {
        return entries.stream().map(Entry::frame).toList();
    }
}
