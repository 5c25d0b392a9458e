package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;

/**
 * A hub event as Socket.IO clients receive it: messages as event {@code message} with the message itself, any other
 * event as event {@code event} with the envelope SSE clients get. Converted once, then sent to every recipient.
 *
 * @param room the room it goes to; {@code null} for every client
 */
record Outbound(String name, JsonNode payload, String room) {

    static final String MESSAGE = "message";
    static final String EVENT = "event";

    static Outbound of(HubEvent event) {
        boolean message = HubEvent.MESSAGE_TYPE.equals(event.eventType());
        JsonNode payload = JsonBridge.toJackson(message ? event.data() : event.toEnvelope());
        String room = event.audience() == Audience.EVERYONE ? null : event.channel();
        return new Outbound(message ? MESSAGE : EVENT, payload, room);
    }
}
