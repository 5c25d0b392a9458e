package io.switchboard.websocket;

/**
 * How the WebSocket endpoint behaves; read from configuration by {@code SettingsProducer}.
 *
 * @param clientQueue        frames queued for one client before it is closed as too slow
 * @param writerThreads      threads writing to clients
 * @param writeTimeoutMillis how long one frame may take to be written before the client is closed
 * @param maxRooms           rooms one connection may join
 */
public record WebSocketSettings(int clientQueue, int writerThreads, long writeTimeoutMillis, int maxRooms) {
}
