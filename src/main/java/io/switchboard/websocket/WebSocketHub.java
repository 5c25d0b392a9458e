package io.switchboard.websocket;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.switchboard.auth.Principal;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.Disconnectable;
import io.switchboard.connection.TokenExpiry;
import io.switchboard.connection.TransportStatus;
import io.switchboard.lifecycle.GoingAway;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageValidator;
import io.switchboard.metrics.HubMetrics;
import io.switchboard.ratelimit.RateLimits;
import io.switchboard.upgrade.BridgeLoopThreads;
import io.switchboard.upgrade.UpgradedOutputCounts;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket transport of this node: its open connections, their event loops, and the fan-out of hub events to
 * them. An event is framed once; the fan-out hands each event loop one task that writes the frame to that loop's
 * clients, so a publisher only queues, and a slow client is closed instead of delaying others.
 */
@ApplicationScoped
public class WebSocketHub implements TransportStatus, Disconnectable, GoingAway {

    static final String NAME = "websocket";

    private static final long SHUTDOWN_CLOSE_MILLIS = 2000;
    private static final long LOOPS_GRACE_MILLIS = 2000;

    private static final Logger LOG = Logger.getLogger(WebSocketHub.class.getName());

    @Inject
    WebSocketSettings settings;

    @Inject
    ConnectionRegistry registry;

    @Inject
    HubMetrics metrics;

    @Inject
    RateLimits limits;

    @Inject
    TokenExpiry expiry;

    @Inject
    MessageValidator validator;

    @Inject
    WebSocketRequests requests;

    private final Set<WebSocketClient> clients = ConcurrentHashMap.newKeySet();
    private final Map<EventLoop, Set<WebSocketClient>> byLoop = new ConcurrentHashMap<>();
    private final UpgradedOutputCounts outputs = new UpgradedOutputCounts();
    // Orders the fan-out, so that every client receives concurrently published events in the same order.
    private final Object order = new Object();
    private EventLoopGroup loops;
    private volatile boolean running;

    void start(@Observes Startup startup) {
        // Being observed at startup makes the hub report UP in /api/health before its first connection.
    }

    @PostConstruct
    void init() {
        loops = new DefaultEventLoopGroup(settings.writerThreads(), BridgeLoopThreads.create("switchboard-websocket"));
        running = true;
        LOG.info(() -> "WebSocket hub started: " + settings);
    }

    @PreDestroy
    void stop() {
        running = false;
        goingAway();
        loops.shutdownGracefully(0, LOOPS_GRACE_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly(LOOPS_GRACE_MILLIS);
    }

    /** A new connection on one of the loops, before the upgrade; closed again if the upgrade does not happen. */
    WebSocketConnection connect() {
        return new WebSocketConnection(loops, settings, messageLimit(validator.maxMessageBytes()),
                requests, outputs);
    }

    /**
     * Admits and registers a connection, and queues its welcome.
     *
     * @param remoteAddress the client's address, as {@code ClientAddresses} resolved it
     * @param user          who it is in the presence of the rooms it joins; {@code null}: nobody in particular
     * @return the client, or {@code null} when its address holds {@code switchboard.max-connections-per-address}
     *         connections already: then nothing was allocated for it, and the caller closes the connection
     */
    WebSocketClient open(WebSocketConnection connection, Principal principal, String remoteAddress, String user) {
        // Admitted before anything more is allocated for it, so that a flood from one address costs the node little.
        String id = WebSocketClient.ID_PREFIX + UUID.randomUUID();
        if (!registry.tryRegister(id, NAME, remoteAddress, Set.of(), user)) {
            return null;
        }
        WebSocketClient client;
        try {
            client = new WebSocketClient(id, connection, principal, limits.newBucket(), settings.maxRooms());
        } catch (RuntimeException | Error e) {
            registry.unregister(id); // never opened: it must not hold its address's slot
            throw e;
        }
        connection.admit(client);
        // Under the fan-out lock, and on the client's loop like every event: the welcome precedes every event the
        // client gets, and none published after the welcome is missed (a client may treat it as "subscribed").
        synchronized (order) {
            clients.add(client);
            byLoop.computeIfAbsent(client.loop(), loop -> ConcurrentHashMap.newKeySet()).add(client);
            try {
                client.loop().execute(client::welcome);
            } catch (RejectedExecutionException e) {
                client.connection().endedBecause("server shutting down");
            }
        }
        // At exp the connection is closed with 1008 token_expired.
        expiry.watch(id, principal.expiresAt(), () -> client.close(CloseReasons.TOKEN_EXPIRED));
        // Added last: if the connection has closed already, this runs now and forgets everything above.
        connection.closeFuture().addListener(closed -> ended(client));
        LOG.fine(() -> "WebSocket client connected: " + client.id() + " from " + remoteAddress);
        return client;
    }

    /**
     * Moves the connection's expiry to the refreshed token's.
     *
     * @return false when it has expired already (its close is on its way), or ended
     */
    boolean renew(WebSocketClient client, Principal refreshed) {
        return refreshed.expiresAt() == null || expiry.renew(client.id(), refreshed.expiresAt());
    }

    void deliver(@Observes HubEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        // Framed once, the same bytes for every client.
        byte[] frame = MessagesPipeline.textFrame(Frames.event(event));
        Instant publishedAt = event.timestamp();
        synchronized (order) {
            for (Map.Entry<EventLoop, Set<WebSocketClient>> loop : byLoop.entrySet()) {
                Set<WebSocketClient> group = loop.getValue();
                if (group.isEmpty()) {
                    continue;
                }
                try {
                    loop.getKey().execute(() -> deliver(group, event, frame, publishedAt));
                } catch (RejectedExecutionException e) {
                    // The loops have stopped, and with them every connection.
                }
            }
        }
    }

    /** On one loop: the event to each of its clients that follows it. */
    private void deliver(Set<WebSocketClient> group, HubEvent event, byte[] frame, Instant publishedAt) {
        int sent = 0;
        for (WebSocketClient client : group) {
            if (client.follows(event) && client.deliver(frame)) {
                sent++;
            }
        }
        if (sent > 0) {
            metrics.delivered(NAME, publishedAt, sent);
        }
    }

    /** Closes every connection with 1001 (going away), waiting a bounded time for the close frames to go out. */
    @Override
    public void goingAway() {
        List<WebSocketClient> leaving = List.copyOf(clients);
        leaving.forEach(client -> client.close(CloseReasons.SHUTTING_DOWN));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_CLOSE_MILLIS);
        while (leaving.stream().anyMatch(WebSocketClient::isOpen) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean disconnect(String connectionId) {
        for (WebSocketClient client : clients) {
            if (client.id().equals(connectionId)) {
                client.close(CloseReasons.DISCONNECTED);
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Up while its event loops run: what liveness checks. */
    @Override
    public boolean isUp() {
        return running && !loops.isShuttingDown();
    }

    @Override
    public int connections() {
        return clients.size();
    }

    /** How the connections' bytes go out: Grizzly's transport writer (Payara, plain HTTP) or the servlet stream. */
    @Override
    public Map<String, Integer> details() {
        return Map.of("writes_grizzly", outputs.grizzly(), "writes_servlet", outputs.servlet());
    }

    /** Called once per admitted client when its connection closes, for whatever reason: forget it. */
    private void ended(WebSocketClient client) {
        String why = client.connection().why();
        registry.unregister(client.id());
        expiry.forget(client.id());
        metrics.closed(NAME, why);
        clients.remove(client);
        Set<WebSocketClient> group = byLoop.get(client.loop());
        if (group != null) {
            group.remove(client);
        }
        LOG.log(running ? Level.FINE : Level.FINEST, () -> "WebSocket client gone: " + client.id() + ": " + why);
    }

    /**
     * The largest message taken in: twice the message limit, so that a message a little too big still reaches the
     * request handler and gets a {@code payload_too_large} ack with the connection kept, while a huge one cannot make
     * the server buffer without bound: beyond it the connection is closed with 1009, whether the message comes in one
     * frame or in fragments.
     */
    static int messageLimit(int maxMessageBytes) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * maxMessageBytes);
    }
}
