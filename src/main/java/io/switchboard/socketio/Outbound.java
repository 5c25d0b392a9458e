package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;

/**
 * A hub event as Socket.IO clients receive it: messages as event {@code message} with the message itself, joins and
 * leaves as event {@code presence} with their data, any other
 * event as event {@code event} with the envelope SSE clients get. Serialized once, then sent to every recipient:
 * {@link #wire()} is that JSON text as a Jackson raw value, which netty-socketio's per-client encoder copies as it is
 * instead of serializing a tree again for every client.
 *
 * @param json the payload as JSON text
 * @param room the room it goes to; {@code null} for every client
 */
record Outbound(String name, String json, String room) {

    static final String MESSAGE = "message";
    static final String EVENT = "event";

    static Outbound of(HubEvent event) {
        boolean message = HubEvent.MESSAGE_TYPE.equals(event.eventType());
        // A join or leave is event "presence" with its data, as a message is event "message".
        boolean presence = HubEvent.PRESENCE_TYPE.equals(event.eventType());
        String json = (message || presence ? event.data() : event.toEnvelope()).toString();
        String room = event.audience() == Audience.EVERYONE ? null : event.channel();
        return new Outbound(message ? MESSAGE : presence ? HubEvent.PRESENCE_TYPE : EVENT, json, room);
    }

    /**
     * What is handed to netty-socketio: written verbatim into each client's packet, and over WebSocket sent as the
     * packet encoded once ({@link SharedBroadcastFrames}). One per delivery, shared by all its recipients.
     */
    RawValue wire() {
        return new SharedPayload(json);
    }

    /** The payload as a tree (for tests and diagnostics; delivery uses {@link #wire()}). */
    JsonNode payload() {
        return JsonBridge.parse(json);
    }
}
