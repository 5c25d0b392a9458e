package io.switchboard.presence;

import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.message.JsonP;
import io.switchboard.message.MessageValidator;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;

/**
 * One connection in one room, on one node: what {@code GET /api/rooms/{room}/presence} lists and what a
 * {@code presence} event tells.
 *
 * @param user who it is: the token's subject, else the name the client gave, else {@code null}
 */
public record Member(String room, String connectionId, String user, String transport, String node, Instant joinedAt) {

    /** The event type of join and leave events; reserved, so that no client can publish one. */
    public static final String EVENT_TYPE = MessageValidator.RESERVED_EVENT_TYPE;
    static final String JOIN = "join";
    static final String LEAVE = "leave";

    /** Its entry in a presence list: {@code {connection_id, user, transport, node, joined_at}}. */
    public JsonObject toJson() {
        return user(JsonP.createObjectBuilder().add("connection_id", connectionId))
                .add("transport", transport)
                .add("node", node)
                .add("joined_at", joinedAt.toString())
                .build();
    }

    /** The data of its {@code presence} event: {@code {action, room, connection_id, user, transport, node}}. */
    JsonObject eventData(String action) {
        return user(JsonP.createObjectBuilder().add("action", action).add("room", room)
                .add("connection_id", connectionId))
                .add("transport", transport)
                .add("node", node)
                .build();
    }

    /** Its join or leave as an event for the room's followers, under a node-local id. */
    HubEvent event(String action, String id, Instant at) {
        return new HubEvent(id, EVENT_TYPE, eventData(action), at, EVENT_TYPE, room, Audience.CHANNEL);
    }

    /** The text kept for it in Redis: its list entry plus its room. */
    public String stored() {
        return JsonP.createObjectBuilder(toJson()).add("room", room).build().toString();
    }

    /** @throws IllegalArgumentException when {@code text} is not what {@link #stored()} wrote */
    public static Member fromStored(String text) {
        try (JsonReader reader = JsonP.createReader(new StringReader(text))) {
            JsonObject json = reader.readObject();
            JsonValue user = json.get("user");
            return new Member(json.getString("room"), json.getString("connection_id"),
                    user instanceof jakarta.json.JsonString name ? name.getString() : null,
                    json.getString("transport"), json.getString("node"), Instant.parse(json.getString("joined_at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored presence member: " + e.getMessage(), e);
        }
    }

    /** Where it is kept within its node: unique per connection and room (room names have no spaces). */
    public String key() {
        return room + " " + connectionId;
    }

    private JsonObjectBuilder user(JsonObjectBuilder json) {
        return user == null ? json.addNull("user") : json.add("user", user);
    }
}
