package io.switchboard.sse;

import io.switchboard.message.EventId;
import io.switchboard.message.HubEvent;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** One connected SSE client: what it follows, how it wants events framed, and its own queue to its stream. */
final class SseSubscriber {

    private final String id;
    private final SseFormat format;
    private final String channel;
    private final SseOutbox outbox;
    // Set when its replay came from the cluster stream ahead of this node's reader: live events up to this id were
    // replayed already and are skipped. Guarded by the hub's ordering lock.
    private EventId replayedThrough;

    SseSubscriber(String id, SseFormat format, String channel, SseSettings settings, Executor writers,
                  BiConsumer<SseSubscriber, String> onClose, Consumer<HubEvent> onWritten) {
        this.id = id;
        this.format = format;
        this.channel = channel;
        this.outbox = new SseOutbox(settings.clientQueue(), writers, format, settings.writeTimeoutMillis(),
                frame -> onWritten.accept(frame.event()), reason -> onClose.accept(this, reason));
    }

    /** A new connection's id, known before anything else of it exists: it is admitted (or refused) first. */
    static String newId() {
        return "sse-" + UUID.randomUUID();
    }

    String id() {
        return id;
    }

    /** The rooms it follows, as the connection registry shows them: its channel, or none when it follows all. */
    Set<String> rooms() {
        return roomsOf(channel);
    }

    static Set<String> roomsOf(String channel) {
        return channel == null ? Set.of() : Set.of(channel);
    }

    boolean follows(HubEvent event) {
        return event.reaches(channel) && !replayedAlready(event);
    }

    /** Live events with ids up to {@code lastReplayedId} are skipped: the client got them in its replay. */
    void skipThrough(String lastReplayedId) {
        replayedThrough = EventId.parse(lastReplayedId).orElse(null);
    }

    private boolean replayedAlready(HubEvent event) {
        if (replayedThrough == null) {
            return false;
        }
        Optional<EventId> id = EventId.parse(event.id());
        int order = id.map(value -> value.compareTo(replayedThrough)).orElse(1);
        if (order >= 0) {
            // The reader reached the last replayed entry (or passed it): in stream order, nothing older follows.
            replayedThrough = null;
        }
        return order <= 0;
    }

    SseOutbox outbox() {
        return outbox;
    }

    String describe() {
        return format + (channel == null ? " (all channels)" : " channel " + channel);
    }
}
