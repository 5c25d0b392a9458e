package io.switchboard.message;

import io.switchboard.metrics.HubMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Accepts validated input from any transport: stamps it with an id and a time and hands it to the {@link Dispatcher},
 * which fires it as a {@link HubEvent} on this node, or on every node of the cluster. Observers only enqueue, so
 * firing never waits on a client. The returned id is the one clients receive (in cluster mode, the stream's).
 */
@ApplicationScoped
public class MessageBus {

    private EventIdGenerator ids;
    private Dispatcher dispatcher;
    // Field-injected so the plain constructors (unit tests) keep working without one.
    @Inject
    HubMetrics metrics;

    @Inject
    public MessageBus(EventIdGenerator ids, Dispatcher dispatcher) {
        this.ids = ids;
        this.dispatcher = dispatcher;
    }

    /** A single-node bus firing straight to {@code events}. */
    public MessageBus(EventIdGenerator ids, Event<HubEvent> events) {
        this(ids, new LocalDispatcher(events));
    }

    /** For CDI's proxy only. */
    protected MessageBus() {
    }

    /** A message for its room's members, or for everyone when it names no room. */
    public ChatMessage send(ChatMessage draft, String source) {
        ChatMessage message = accept(draft);
        Audience audience = message.room() == null ? Audience.EVERYONE : Audience.CHANNEL;
        return dispatch(message, source, message.room(), audience);
    }

    /** A message for every client, whatever room or channel it follows. */
    public ChatMessage broadcast(ChatMessage draft, String source) {
        return dispatch(accept(draft), source, null, Audience.EVERYONE);
    }

    public HubEvent publish(EventDraft draft, String source) {
        HubEvent published = dispatcher.dispatch(new HubEvent(ids.next().toString(), draft.eventType(), draft.data(),
                Instant.now(), source, draft.channel(), Audience.CHANNEL));
        count(source);
        return published;
    }

    private ChatMessage accept(ChatMessage draft) {
        return draft.accepted(ids.next().toString(), Instant.now());
    }

    private ChatMessage dispatch(ChatMessage message, String source, String channel, Audience audience) {
        HubEvent delivered = dispatcher.dispatch(new HubEvent(message.id(), HubEvent.MESSAGE_TYPE, message.toJson(),
                message.timestamp(), source, channel, audience));
        count(source);
        return message.accepted(delivered.id(), message.timestamp());
    }

    /** Counts what was accepted; a refused dispatch (503) threw before and is not counted. */
    private void count(String source) {
        if (metrics != null) {
            metrics.received(source);
        }
    }
}
