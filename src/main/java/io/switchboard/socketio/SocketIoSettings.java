package io.switchboard.socketio;

import java.util.Arrays;
import java.util.List;

/**
 * Settings of the Socket.IO server ({@code switchboard.socketio.*}).
 *
 * @param origins     the browser origins allowed to connect; empty: any
 * @param maxPayload  the largest WebSocket frame and the largest polling request body, in bytes
 */
public record SocketIoSettings(String host, int port, List<String> origins, int pingIntervalMillis,
                               int pingTimeoutMillis, int maxPayload) {

    /** The context path the seed's clients use: {@code io(url, {path: "/ws/chat/"})}. */
    public static final String PATH = "/ws/chat";

    public SocketIoSettings {
        origins = List.copyOf(origins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("switchboard.socketio.port must be 0 to 65535, not " + port);
        }
        if (pingIntervalMillis <= 0 || pingTimeoutMillis <= 0 || maxPayload <= 0) {
            throw new IllegalArgumentException("Socket.IO ping interval, ping timeout and max payload must be positive");
        }
    }

    /** Parses {@code switchboard.socketio.origins}: blank or {@code *} allows any origin, else a comma list. */
    public static List<String> parseOrigins(String value) {
        if (value == null || value.isBlank() || value.trim().equals("*")) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }
}
