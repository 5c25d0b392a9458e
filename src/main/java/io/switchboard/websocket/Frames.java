package io.switchboard.websocket;

import io.switchboard.message.HubEvent;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;

/** The JSON text frames the server sends: a welcome, acks, and events as {@code {"kind":"event", ...envelope}}. */
final class Frames {

    private Frames() {
    }

    /**
     * The first frame of every connection, {@code {"kind":"welcome","id":...}}: once a client has it, it is
     * registered and receives every event published from then on.
     */
    static String welcome(String connectionId) {
        return JsonP.createObjectBuilder().add("kind", "welcome").add("id", connectionId).build().toString();
    }

    /** An event frame; built once per event and the same string sent to every client. */
    static String event(HubEvent event) {
        JsonObjectBuilder frame = JsonP.createObjectBuilder().add("kind", "event");
        for (Map.Entry<String, JsonValue> field : event.toEnvelope().entrySet()) {
            frame.add(field.getKey(), field.getValue());
        }
        return frame.build().toString();
    }

    /** A positive ack carrying {@code result}'s fields (e.g. {@code id}, {@code rooms}). */
    static String ok(JsonValue ref, JsonObject result) {
        JsonObjectBuilder ack = start(ref).add("ok", true);
        result.forEach(ack::add);
        return ack.build().toString();
    }

    /** A negative ack: {@code error} has the shape of every REST error body, {@code {error, detail, field?}}. */
    static String error(JsonValue ref, InvalidInputException problem) {
        JsonObjectBuilder error = JsonP.createObjectBuilder()
                .add("error", problem.error())
                .add("detail", problem.detail() == null ? "" : problem.detail());
        if (problem.field() != null) {
            error.add("field", problem.field());
        }
        return start(ref).add("ok", false).add("error", error).build().toString();
    }

    private static JsonObjectBuilder start(JsonValue ref) {
        JsonObjectBuilder ack = JsonP.createObjectBuilder().add("kind", "ack");
        if (ref != null) {
            ack.add("ref", ref);
        }
        return ack;
    }
}
