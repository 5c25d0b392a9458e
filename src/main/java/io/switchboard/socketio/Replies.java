package io.switchboard.socketio;

import io.switchboard.history.HistoryPage;
import io.switchboard.message.InvalidInputException;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payloads Socket.IO clients get back: acks {@code {ok: true, ...}} or {@code {ok: false, error: {...}}}, and the
 * body of {@code error} events, which has the same fields as the REST API's JSON errors.
 */
final class Replies {

    private Replies() {
    }

    static Map<String, Object> ok(String key, String value) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        reply.put(key, value);
        return reply;
    }

    /**
     * A refresh's ack, {@code {ok: true, exp, rooms}}: {@code exp} in the token's own unit, seconds since the epoch
     * ({@code null} on an open hub, where nothing expires), and the rooms the connection is still in.
     */
    static Map<String, Object> refreshed(Instant exp, List<String> rooms) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        reply.put("exp", exp == null ? null : exp.getEpochSecond());
        reply.put("rooms", rooms);
        return reply;
    }

    /** {@code {ok: true, events: [envelopes], more}}. */
    static Map<String, Object> page(HistoryPage page) {
        JsonObject json = page.toJson();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", true);
        reply.put("events", JsonBridge.parse(json.get("events").toString()));
        reply.put("more", page.more());
        return reply;
    }

    static Map<String, Object> failed(InvalidInputException problem) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ok", false);
        reply.put("error", error(problem));
        return reply;
    }

    /** {@code {error, detail, field}}; {@code field} only when one field is at fault, as in the REST API. */
    static Map<String, Object> error(InvalidInputException problem) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", problem.error());
        error.put("detail", problem.detail());
        if (problem.field() != null) {
            error.put("field", problem.field());
        }
        return error;
    }

    static InvalidInputException invalidBody(String what) {
        return new InvalidInputException(InvalidInputException.BAD_REQUEST, "invalid_body", null,
                "the " + what + " payload must be a JSON object");
    }
}
