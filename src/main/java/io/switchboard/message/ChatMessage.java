package io.switchboard.message;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/**
 * A validated chat message; {@code id} and {@code timestamp} are set when the hub accepts it.
 *
 * @param mediaType set only when the content was sent as binary (a Socket.IO attachment) and is carried as a
 *                  {@code data:} URL of that media type: Socket.IO receivers get such content as binary again
 */
public record ChatMessage(String id, MessageType type, String content, String sender, String room, Instant timestamp,
                          String mediaType) {

    /** A message that passed validation but has not been accepted yet. */
    public static ChatMessage draft(MessageType type, String content, String sender, String room) {
        return new ChatMessage(null, type, content, sender, room, null, null);
    }

    public ChatMessage accepted(String newId, Instant acceptedAt) {
        return new ChatMessage(newId, type, content, sender, room, acceptedAt, mediaType);
    }

    /** This message, marked as one whose content came as binary of {@code binaryMediaType}. */
    public ChatMessage sentAsBinary(String binaryMediaType) {
        return new ChatMessage(id, type, content, sender, room, timestamp, binaryMediaType);
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
        if (mediaType != null) {
            json.add("media_type", mediaType);
        }
        return json.add("timestamp", timestamp.toString()).build();
    }
}
