package io.switchboard.config;

import io.switchboard.sse.SseSettings;
import io.switchboard.websocket.WebSocketSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the settings records from MicroProfile Config. Defaults live in META-INF/microprofile-config.properties;
 * system properties and environment variables (SWITCHBOARD_SSE_HEARTBEAT_INTERVAL, ...) override them.
 */
@ApplicationScoped
public class SettingsProducer {

    @Inject
    @ConfigProperty(name = "switchboard.sse.heartbeat-interval")
    long heartbeatMillis;

    @Inject
    @ConfigProperty(name = "switchboard.sse.retry")
    long retryMillis;

    @Inject
    @ConfigProperty(name = "switchboard.sse.history-size")
    int historySize;

    @Inject
    @ConfigProperty(name = "switchboard.sse.history-channels")
    int historyChannels;

    @Inject
    @ConfigProperty(name = "switchboard.sse.client-queue")
    int clientQueue;

    @Inject
    @ConfigProperty(name = "switchboard.sse.writer-threads")
    int writerThreads;

    @Inject
    @ConfigProperty(name = "switchboard.sse.write-timeout")
    long writeTimeoutMillis;

    @Inject
    @ConfigProperty(name = "switchboard.websocket.client-queue")
    int webSocketClientQueue;

    @Inject
    @ConfigProperty(name = "switchboard.websocket.writer-threads")
    int webSocketWriterThreads;

    @Inject
    @ConfigProperty(name = "switchboard.websocket.write-timeout")
    long webSocketWriteTimeoutMillis;

    @Inject
    @ConfigProperty(name = "switchboard.websocket.max-rooms")
    int webSocketMaxRooms;

    @Produces
    WebSocketSettings webSocketSettings() {
        return new WebSocketSettings(Math.max(1, webSocketClientQueue), Math.max(1, webSocketWriterThreads),
                Math.max(100, webSocketWriteTimeoutMillis), Math.max(1, webSocketMaxRooms));
    }

    @Produces
    SseSettings sseSettings() {
        return new SseSettings(Math.max(100, heartbeatMillis), retryMillis, historySize, Math.max(1, historyChannels),
                Math.max(1, clientQueue), Math.max(1, writerThreads), Math.max(100, writeTimeoutMillis));
    }
}
