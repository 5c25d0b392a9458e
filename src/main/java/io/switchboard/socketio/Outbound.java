package io.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hub event as Socket.IO clients receive it: messages as event {@code message} with the message itself, joins and
 * leaves as event {@code presence} with their data, any other
 * event as event {@code event} with the envelope SSE clients get. Serialized once, then sent to every recipient:
 * {@link #wire()} is that JSON text as a Jackson raw value, which netty-socketio's per-client encoder copies as it is
 * instead of serializing a tree again for every client. A message whose content was sent as binary (it has a
 * {@code media_type}) goes out with that content as binary again: {@link #wire()} is then the message with the
 * bytes in place of its {@code data:} URL, which netty-socketio sends as an attachment.
 *
 * @param json   the payload as JSON text
 * @param room   the room it goes to; {@code null} for every client
 * @param binary the payload with binary content; {@code null} when it has none
 */
record Outbound(String name, String json, String room, Map<String, Object> binary) {

    static final String MESSAGE = "message";
    static final String EVENT = "event";

    private static final String BASE64_MARKER = ";base64,";

    static Outbound of(HubEvent event) {
        boolean message = HubEvent.MESSAGE_TYPE.equals(event.eventType());
        // A join or leave is event "presence" with its data, as a message is event "message".
        boolean presence = HubEvent.PRESENCE_TYPE.equals(event.eventType());
        String json = (message || presence ? event.data() : event.toEnvelope()).toString();
        String room = event.audience() == Audience.EVERYONE ? null : event.channel();
        Map<String, Object> binary = message && event.data() instanceof JsonObject data ? withBinaryContent(data) : null;
        return new Outbound(message ? MESSAGE : presence ? HubEvent.PRESENCE_TYPE : EVENT, json, room, binary);
    }

    /**
     * What is handed to netty-socketio: the message with its attachment when it has binary content; otherwise the
     * JSON written verbatim into each client's packet, which over WebSocket goes out as the packet encoded once
     * ({@link SharedBroadcastFrames}). One per delivery, shared by all its recipients.
     */
    Object wire() {
        return binary != null ? binary : new SharedPayload(json);
    }

    /** The payload as a tree (for tests and diagnostics; delivery uses {@link #wire()}). */
    JsonNode payload() {
        return JsonBridge.parse(json);
    }

    /** The message with its content as bytes, when it came as binary; otherwise {@code null}. */
    private static Map<String, Object> withBinaryContent(JsonObject message) {
        if (!(message.get(BinaryContent.MEDIA_TYPE) instanceof JsonString)
                || !(message.get("content") instanceof JsonString content)) {
            return null;
        }
        String dataUrl = content.getString();
        int marker = dataUrl.indexOf(BASE64_MARKER);
        if (!dataUrl.startsWith("data:") || marker < 0) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(dataUrl.substring(marker + BASE64_MARKER.length()));
        } catch (IllegalArgumentException e) {
            return null; // validated when it was sent: not from this hub
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> field : message.entrySet()) {
            payload.put(field.getKey(), field.getKey().equals("content") ? bytes
                    : JsonBridge.parse(field.getValue().toString()));
        }
        return payload;
    }
}
