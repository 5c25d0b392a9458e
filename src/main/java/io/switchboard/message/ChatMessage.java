package io.switchboard.message;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** A validated chat message; {@code id} and {@code timestamp} are set when the hub accepts it. */
public record ChatMessage(String id, MessageType type, String content, String sender, String room, Instant timestamp) {

    /** A message that passed validation but has not been accepted yet. */
    public static ChatMessage draft(MessageType type, String content, String sender, String room) {
        return new ChatMessage(null, type, content, sender, room, null);
    }

    public ChatMessage accepted(String newId, Instant acceptedAt) {
        return new ChatMessage(newId, type, content, sender, room, acceptedAt);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("id", id)
                .add("type", type.wireName())
                .add("content", content)
                .add("sender", sender);
        if (room != null) {
            json.add("room", room);
        }
        return json.add("timestamp", timestamp.toString()).build();
    }
}
