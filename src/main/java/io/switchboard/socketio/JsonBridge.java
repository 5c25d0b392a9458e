package io.switchboard.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.message.JsonP;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.io.UncheckedIOException;

/**
 * Crosses between netty-socketio's JSON (Jackson) and the hub's (Jakarta JSON Processing) through JSON text, so
 * the validator sees exactly what the client sent and outgoing events keep their exact shape.
 */
final class JsonBridge {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBridge() {
    }

    /** The client's payload as a JSON object, or an {@code invalid_body} refusal naming {@code what}. */
    static JsonObject toObject(JsonNode payload, String what) {
        if (payload == null || !payload.isObject()) {
            throw Replies.invalidBody(what);
        }
        try (JsonReader reader = JsonP.createReader(new StringReader(payload.toString()))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw Replies.invalidBody(what);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // The hub's own JSON always parses; this would be a bug.
            throw new UncheckedIOException(e);
        }
    }
}
