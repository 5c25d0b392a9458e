package io.switchboard.socketio;

import java.util.Arrays;
import java.util.List;

/**
 * Settings of the Socket.IO server ({@code switchboard.socketio.*}).
 *
 * @param origins     the browser origins allowed to connect; empty: any
 * @param maxPayload  the largest WebSocket frame and the largest polling request body, in bytes
 * @param compression whether WebSocket connections may negotiate permessage-deflate (every frame then compressed
 *                    for each client on its own: costly in a fan-out, so off by default, as in the reference server)
 * @param clientQueue what one client may leave unread before it is dropped as slow: WebSocket frames (queued in the
 *                    bridge on the app server's port, unwritten in Netty on the direct port), polling packets waiting for
 *                    a poll
 * @param writeTimeoutMillis how long a WebSocket client may go without taking anything queued (app server's port), or
 *                    stay unwritable (direct port), before it is dropped as slow
 */
public record SocketIoSettings(String host, int port, List<String> origins, int pingIntervalMillis,
                               int pingTimeoutMillis, int maxPayload, boolean compression, int clientQueue,
                               int writeTimeoutMillis) {

    static final int DEFAULT_CLIENT_QUEUE = 1000;
    static final int DEFAULT_WRITE_TIMEOUT = 10000;

    /** The context path the seed's clients use: {@code io(url, {path: "/ws/chat/"})}. */
    public static final String PATH = "/ws/chat";

    public SocketIoSettings {
        origins = List.copyOf(origins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("switchboard.socketio.port must be 0 to 65535, not " + port);
        }
        if (pingIntervalMillis <= 0 || pingTimeoutMillis <= 0 || maxPayload <= 0 || clientQueue <= 0
                || writeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("Socket.IO ping interval, ping timeout, max payload, client queue and"
                    + " write timeout must be positive");
        }
    }

    /** Settings without WebSocket compression. */
    public SocketIoSettings(String host, int port, List<String> origins, int pingIntervalMillis, int pingTimeoutMillis,
                            int maxPayload) {
        this(host, port, origins, pingIntervalMillis, pingTimeoutMillis, maxPayload, false);
    }

    /** Settings with the default client queue and write timeout. */
    public SocketIoSettings(String host, int port, List<String> origins, int pingIntervalMillis, int pingTimeoutMillis,
                            int maxPayload, boolean compression) {
        this(host, port, origins, pingIntervalMillis, pingTimeoutMillis, maxPayload, compression, DEFAULT_CLIENT_QUEUE,
                DEFAULT_WRITE_TIMEOUT);
    }

    /** Parses {@code switchboard.socketio.origins}: blank or {@code *} allows any origin, else a comma list. */
    public static List<String> parseOrigins(String value) {
        if (value == null || value.isBlank() || value.trim().equals("*")) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }
}
