package io.switchboard.socketio;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Engine.IO v4 checks on a request to the Socket.IO path that netty-socketio skips, with the error codes of
 * the reference server: {@code 400 {"code": n, "message": "..."}}.
 */
final class EngineIoRules {

    /** An Engine.IO error: its code and message. */
    record Refusal(int code, String message) {

        String toJson() {
            return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
        }
    }

    static final Refusal TRANSPORT_UNKNOWN = new Refusal(0, "Transport unknown");
    static final Refusal SESSION_UNKNOWN = new Refusal(1, "Session ID unknown");
    static final Refusal BAD_HANDSHAKE_METHOD = new Refusal(2, "Bad handshake method");
    static final Refusal BAD_REQUEST = new Refusal(3, "Bad request");
    static final Refusal UNSUPPORTED_PROTOCOL = new Refusal(5, "Unsupported protocol version");

    private EngineIoRules() {
    }

    /**
     * @param method the HTTP method
     * @param query  the query parameters
     * @return why the request is refused, or {@code null} to let it through
     */
    static Refusal check(String method, Map<String, List<String>> query) {
        if (!"4".equals(first(query, "EIO"))) {
            return UNSUPPORTED_PROTOCOL;
        }
        String transport = first(query, "transport");
        if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            return TRANSPORT_UNKNOWN;
        }
        String sid = first(query, "sid");
        boolean opening = sid == null;
        if (!opening && !isSessionId(sid)) {
            // netty-socketio parses it as a UUID unchecked: the exception left the request hanging, unanswered.
            return SESSION_UNKNOWN;
        }
        // OPTIONS is a browser's CORS preflight, answered by netty-socketio.
        if ("OPTIONS".equals(method)) {
            return null;
        }
        if ("websocket".equals(transport) && !"GET".equals(method)) {
            return BAD_REQUEST;
        }
        if (opening && !"GET".equals(method)) {
            return BAD_HANDSHAKE_METHOD;
        }
        if (!opening && !"GET".equals(method) && !"POST".equals(method)) {
            return BAD_REQUEST;
        }
        return null;
    }

    private static boolean isSessionId(String sid) {
        try {
            UUID.fromString(sid);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
