package io.switchboard.connection;

import java.util.Map;

/** What each client-facing transport tells health checks and senders about itself. */
public interface TransportStatus {

    /** The component name in {@code /api/health}: {@code sse}, {@code socketio}, {@code websocket}. */
    String name();

    boolean isUp();

    int connections();

    /** More counts for {@code /api/health}, by name: what a transport holds besides its registered connections. */
    default Map<String, Integer> details() {
        return Map.of();
    }
}
