package io.switchboard.message;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Accepts validated input from any transport: stamps it with an id and a time and fires it as a
 * {@link HubEvent}. Observers only enqueue, so firing never waits on a client.
 */
@ApplicationScoped
public class MessageBus {

    private EventIdGenerator ids;
    private Event<HubEvent> events;

    @Inject
    public MessageBus(EventIdGenerator ids, Event<HubEvent> events) {
        this.ids = ids;
        this.events = events;
    }

    /** For CDI's proxy only. */
    protected MessageBus() {
    }

    /** A message for its room's members, or for everyone when it names no room. */
    public ChatMessage send(ChatMessage draft, String source) {
        ChatMessage message = accept(draft);
        Audience audience = message.room() == null ? Audience.EVERYONE : Audience.CHANNEL;
        fire(message, source, message.room(), audience);
        return message;
    }

    /** A message for every client, whatever room or channel it follows. */
    public ChatMessage broadcast(ChatMessage draft, String source) {
        ChatMessage message = accept(draft);
        fire(message, source, null, Audience.EVERYONE);
        return message;
    }

    public HubEvent publish(EventDraft draft, String source) {
        HubEvent event = new HubEvent(ids.next().toString(), draft.eventType(), draft.data(), Instant.now(), source,
                draft.channel(), Audience.CHANNEL);
        events.fire(event);
        return event;
    }

    private ChatMessage accept(ChatMessage draft) {
        return draft.accepted(ids.next().toString(), Instant.now());
    }

    private void fire(ChatMessage message, String source, String channel, Audience audience) {
        events.fire(new HubEvent(message.id(), HubEvent.MESSAGE_TYPE, message.toJson(), message.timestamp(), source,
                channel, audience));
    }
}
