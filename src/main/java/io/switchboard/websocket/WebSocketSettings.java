package io.switchboard.websocket;

/**
 * How the WebSocket endpoint behaves; read from configuration by {@code SettingsProducer}.
 *
 * @param clientQueue        frames queued for one client before it is closed as too slow
 * @param writerThreads      event loops that read from and write to the connections
 * @param writeTimeoutMillis how long a client may take nothing while frames wait for it before it is closed
 * @param maxRooms           rooms one connection may join
 */
public record WebSocketSettings(int clientQueue, int writerThreads, long writeTimeoutMillis, int maxRooms) {
}
