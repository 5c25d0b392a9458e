package io.switchboard.config;

import io.switchboard.connection.ClientAddresses;
import io.switchboard.sse.SseSettings;
import io.switchboard.websocket.WebSocketSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the settings records from MicroProfile Config. Defaults live in META-INF/microprofile-config.properties;
 * system properties and environment variables (SWITCHBOARD_SSE_HEARTBEAT_INTERVAL, ...) override them.
 */
@ApplicationScoped
public class SettingsProducer {

    private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

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

    @Inject
    @ConfigProperty(name = "switchboard.trusted-proxies")
    Optional<String> trustedProxies;

    private ClientAddresses clientAddresses;

    void start(@Observes Startup startup) {
        // Created with the application, so that a bad switchboard.trusted-proxies fails the deployment, not a request.
    }

    @PostConstruct
    void init() {
        try {
            clientAddresses = ClientAddresses.trusting(trustedProxies.orElse(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.trusted-proxies: " + e.getMessage(), e);
        }
        LOG.info(() -> "Client addresses: " + clientAddresses);
    }

    /** Parsed once; the same (immutable) resolver for every request and connection. */
    @Produces
    ClientAddresses clientAddresses() {
        return clientAddresses;
    }

    @Produces
    WebSocketSettings webSocketSettings() {
        return new WebSocketSettings(Math.max(1, webSocketClientQueue), webSocketLoops(webSocketWriterThreads),
                Math.max(100, webSocketWriteTimeoutMillis), Math.max(1, webSocketMaxRooms));
    }

    @Produces
    SseSettings sseSettings() {
        return new SseSettings(Math.max(100, heartbeatMillis), retryMillis, historySize, Math.max(1, historyChannels),
                Math.max(1, clientQueue), sseWriters(writerThreads), Math.max(100, writeTimeoutMillis));
    }

    /**
     * 0: two per core. A loop both writes (never blocking) and carries out what its clients send, which may wait on
     * Redis, so a second loop per core keeps the writes going meanwhile.
     */
    static int webSocketLoops(int configured) {
        return configured > 0 ? configured : 2 * Runtime.getRuntime().availableProcessors();
    }

    /** 0: one per core. SSE writes never block, so threads beyond the cores only take turns (see bench/NOTES.md). */
    static int sseWriters(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }
}
