package io.switchboard.message;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * The one event type that carries every message and published event through the node, as a CDI event:
 * entry points fire it, the outbound transports observe it.
 *
 * @param channel the channel (room) it belongs to; {@code null} when the audience is everyone
 * @param source  the transport it entered by ({@code rest}, {@code socketio}, ...)
 */
public record HubEvent(String id, String eventType, JsonValue data, Instant timestamp, String source,
                       String channel, Audience audience) {

    public static final String MESSAGE_TYPE = "message";
    /** Presence's join and leave events: delivered like any other, never kept for replay. */
    public static final String PRESENCE_TYPE = MessageValidator.RESERVED_EVENT_TYPE;

    /**
     * This event under another id, e.g. the cluster stream's. A message's data carries its own id, which is always the
     * event id, so it is replaced there too.
     */
    public HubEvent withId(String newId) {
        JsonValue newData = data;
        if (MESSAGE_TYPE.equals(eventType) && data instanceof JsonObject message && message.containsKey("id")) {
            newData = JsonP.createObjectBuilder(message).add("id", newId).build();
        }
        return new HubEvent(newId, eventType, newData, timestamp, source, channel, audience);
    }

    public boolean reaches(String followedChannel) {
        return followedChannel == null || audience == Audience.EVERYONE || followedChannel.equals(channel);
    }

    /** The envelope clients of {@code /api/events} receive: {id, event_type, data, timestamp, source, channel}. */
    public JsonObject toEnvelope() {
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("id", id)
                .add("event_type", eventType)
                .add("data", data)
                .add("timestamp", timestamp.toString())
                .add("source", source);
        if (channel != null) {
            json.add("channel", channel);
        }
        return json.build();
    }
}
