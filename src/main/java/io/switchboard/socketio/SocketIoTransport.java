package io.switchboard.socketio;

import io.switchboard.upgrade.BridgedWebSocket;
import io.switchboard.upgrade.UpgradedOutputCounts;

import io.netty.util.concurrent.FastThreadLocal;
import io.switchboard.auth.Authenticator;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.Disconnectable;
import io.switchboard.connection.TokenExpiry;
import io.switchboard.connection.TransportStatus;
import io.switchboard.history.HistoryService;
import io.switchboard.lifecycle.GoingAway;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageBus;
import io.switchboard.message.MessageValidator;
import io.switchboard.metrics.HubMetrics;
import io.switchboard.ratelimit.RateLimits;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.Map;

/**
 * The Socket.IO transport as the application sees it: started and stopped by the startup bean, fed with hub events,
 * and reported in {@code /api/health} ({@code socketio} is DOWN when the server could not listen).
 */
@ApplicationScoped
public class SocketIoTransport implements TransportStatus, Disconnectable, GoingAway {

    private static final Logger LOG = Logger.getLogger(SocketIoTransport.class.getName());
    // netty-socketio answers a waiting poll by the next ping; a poll still unanswered well after that is abandoned.
    private static final int POLL_MARGIN_MILLIS = 10_000;

    /** RFC 6455 7.4.1: "try again later", what a Socket.IO client that does not keep up is closed with. */
    private static final int TRY_AGAIN_LATER = 1013;

    private final UpgradedOutputCounts outputs = new UpgradedOutputCounts();

    @Inject
    SocketIoSettings settings;

    @Inject
    MessageValidator validator;

    @Inject
    MessageBus bus;

    @Inject
    ConnectionRegistry registry;

    @Inject
    HistoryService history;

    @Resource
    ManagedExecutorService executor;

    @Inject
    HubMetrics metrics;

    @Inject
    Authenticator authenticator;

    @Inject
    RateLimits limits;

    @Inject
    ClientAddresses addresses;

    @Inject
    TokenExpiry expiry;

    private volatile SocketIoEngine engine;

    /** Starts the server; when it cannot listen, logs SEVERE and stays DOWN rather than failing the whole node. */
    public synchronized void start() {
        if (engine != null) {
            return;
        }
        SocketIoEngine candidate = new SocketIoEngine(settings,
                new ClientRequests(validator, draft -> bus.send(draft, SocketIoEngine.TRANSPORT),
                        request -> CompletableFuture.supplyAsync(() -> history.since(request), executor)), registry,
                Thread.currentThread().getContextClassLoader(), authenticator, limits, addresses,
                why -> metrics.closed(name(), why), expiry);
        try {
            candidate.start();
            engine = candidate;
            LOG.info(() -> "Socket.IO listening on " + settings.host() + ":" + settings.port() + ", path "
                    + SocketIoSettings.PATH + "/ (Jackson " + JacksonVersion.describe() + ")");
        } catch (IllegalStateException e) {
            LOG.log(Level.SEVERE, "Socket.IO transport is DOWN: " + e.getMessage(), e);
        } finally {
            forgetNettyThreadLocals();
        }
    }

    public synchronized void stop() {
        SocketIoEngine running = engine;
        engine = null;
        if (running != null) {
            running.stop();
            forgetNettyThreadLocals();
            LOG.info("Socket.IO server stopped");
        }
    }

    /**
     * Starting and stopping netty leaves its thread-local map on the calling thread, a server thread that outlives the
     * application: it would pin this application's classes after undeploy (Payara logs it as a probable leak).
     */
    private static void forgetNettyThreadLocals() {
        FastThreadLocal.removeAll();
    }

    /** The app server's way in to the engine (its polling servlet and WebSocket endpoint); {@code null} when down. */
    BridgeChannels bridge() {
        SocketIoEngine running = engine;
        return running == null ? null : running.bridge();
    }

    int maxPayload() {
        return settings.maxPayload();
    }

    int pollTimeoutMillis() {
        return settings.pingIntervalMillis() + settings.pingTimeoutMillis() + POLL_MARGIN_MILLIS;
    }

    /** The sink of a WebSocket on the app server's port; a client dropped as slow is counted. */
    BridgedWebSocket bridgedWebSocket() {
        return new BridgedWebSocket("Socket.IO client on the app server's port", TRY_AGAIN_LATER,
                settings.clientQueue(), 2, settings.writeTimeoutMillis(),
                why -> metrics.closed(name(), why), outputs);
    }

    public void deliver(@Observes HubEvent event) {
        SocketIoEngine running = engine;
        if (running != null) {
            // Counted when handed to netty: its writes are queued per channel, the latency up to that hand-off.
            metrics.delivered(name(), event.timestamp(), running.deliver(event));
        }
    }

    /** Netty writes the shutdown event and the disconnect packet by itself; the server keeps running until {@link #stop}. */
    @Override
    public void goingAway() {
        SocketIoEngine running = engine;
        if (running != null) {
            running.goingAway();
        }
    }

    @Override
    public boolean disconnect(String connectionId) {
        SocketIoEngine running = engine;
        return running != null && running.disconnect(connectionId);
    }

    @Override
    public String name() {
        return SocketIoEngine.TRANSPORT;
    }

    @Override
    public boolean isUp() {
        SocketIoEngine running = engine;
        return running != null && running.isRunning();
    }

    @Override
    public int connections() {
        return registry.count(SocketIoEngine.TRANSPORT);
    }

    /**
     * {@code engine_sessions}: the sessions netty-socketio holds; {@code bridge_channels}: the app server's connections
     * open into it (a WebSocket each, and each waiting poll). Both fall to 0 when every client has gone.
     * {@code bridge_websockets_grizzly} and {@code bridge_websockets_servlet}: the app server's WebSockets by the way
     * their bytes go out ({@link UpgradedOutputCounts}).
     */
    @Override
    public Map<String, Integer> details() {
        SocketIoEngine running = engine;
        return running == null ? Map.of() : Map.of("engine_sessions", running.sessions(),
                "bridge_channels", running.bridgeChannels(),
                "bridge_websockets_grizzly", outputs.grizzly(),
                "bridge_websockets_servlet", outputs.servlet());
    }
}
