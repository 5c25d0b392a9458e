package io.switchboard.connection;

/** What each client-facing transport tells health checks and senders about itself. */
public interface TransportStatus {

    /** The component name in {@code /api/health}: {@code sse}, {@code socketio}, {@code websocket}. */
    String name();

    boolean isUp();

    int connections();
}
