package io.switchboard.websocket;

import io.switchboard.auth.Principal;
import io.switchboard.delivery.WriterPool;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.Disconnectable;
import io.switchboard.connection.TokenExpiry;
import io.switchboard.ratelimit.RateLimits;
import io.switchboard.connection.TransportStatus;
import io.switchboard.lifecycle.GoingAway;
import io.switchboard.message.HubEvent;
import io.switchboard.metrics.HubMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket transport of this node: its open connections, the fan-out of hub events to them, and their
 * writer threads. Observing an event only enqueues it, so a slow client is closed instead of delaying others.
 */
@ApplicationScoped
public class WebSocketHub implements TransportStatus, Disconnectable, GoingAway {

    static final String NAME = "websocket";

    private static final long SHUTDOWN_CLOSE_MILLIS = 2000;

    private static final Logger LOG = Logger.getLogger(WebSocketHub.class.getName());
    private static final Duration WRITERS_GRACE = Duration.ofSeconds(2);

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

    @Resource
    ManagedThreadFactory threadFactory;

    private final Set<WebSocketClient> clients = ConcurrentHashMap.newKeySet();
    // Orders the fan-out, so that every client receives concurrently published events in the same order.
    private final Object order = new Object();
    private WriterPool writers;
    private volatile boolean running;

    void start(@Observes Startup startup) {
        // Being observed at startup makes the hub report UP in /api/health before its first connection.
    }

    @PostConstruct
    void init() {
        writers = new WriterPool(settings.writerThreads(), threadFactory);
        running = true;
        LOG.info(() -> "WebSocket hub started: " + settings);
    }

    @PreDestroy
    void stop() {
        running = false;
        goingAway();
        writers.stop(WRITERS_GRACE);
    }

    /**
     * Admits and registers a new connection, and queues its welcome.
     *
     * @param remoteAddress the client's address, as {@code ClientAddresses} resolved it
     * @param user          who it is in the presence of the rooms it joins; {@code null}: nobody in particular
     * @return the connection, or {@code null} when its address holds {@code switchboard.max-connections-per-address}
     *         connections already: then nothing was allocated for it, and the caller closes the session
     */
    WebSocketClient open(Session session, Principal principal, String remoteAddress, String user) {
        // Admitted before anything is allocated for it, so that a flood from one address costs the node next to nothing.
        String id = WebSocketClient.idOf(session);
        if (!registry.tryRegister(id, NAME, remoteAddress, Set.of(), user)) {
            return null;
        }
        WebSocketClient client;
        try {
            client = new WebSocketClient(session, principal, limits.newBucket(), settings, writers,
                    this::drop, publishedAt -> metrics.delivered(NAME, publishedAt, 1));
        } catch (RuntimeException | Error e) {
            registry.unregister(id); // never opened: it must not hold its address's slot
            throw e;
        }
        // Under the fan-out lock, so that the welcome precedes every event the client gets and none published
        // after the welcome is missed: a client may treat the welcome as "subscribed".
        synchronized (order) {
            clients.add(client);
            client.mailbox().offer(Outgoing.control(Frames.welcome(client.id())));
        }
        // At exp the connection is closed with 1008 token_expired; its mailbox closes once, whoever closes it first.
        expiry.watch(id, principal.expiresAt(), () -> client.mailbox().close(CloseReasons.TOKEN_EXPIRED));
        if (client.mailbox().isClosed()) {
            expiry.forget(id); // gone already: drop() ran before there was anything to forget
        }
        LOG.fine(() -> "WebSocket client connected: " + client.id() + " from " + remoteAddress);
        return client;
    }

    /** The connection ended (closed by either side, or failed): forget it. */
    void closed(WebSocketClient client, String why) {
        client.mailbox().close(why);
    }

    /**
     * Moves the connection's expiry to the refreshed token's.
     *
     * @return false when it has expired already (its close is on its way), or ended
     */
    boolean renew(WebSocketClient client, Principal refreshed) {
        return refreshed.expiresAt() == null || expiry.renew(client.id(), refreshed.expiresAt());
    }

    /** Queues a frame (an ack) for one client. */
    void reply(WebSocketClient client, String frame) {
        client.mailbox().offer(Outgoing.control(frame));
    }

    void deliver(@Observes HubEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        // Serialized once, the same frame for every client.
        Outgoing frame = new Outgoing(Frames.event(event), event.timestamp());
        synchronized (order) {
            for (WebSocketClient client : clients) {
                if (client.follows(event)) {
                    client.mailbox().offer(frame);
                }
            }
        }
    }

    /** Closes every connection with 1001 (going away), waiting a bounded time for the close frames to go out. */
    @Override
    public void goingAway() {
        List<WebSocketClient> leaving = List.copyOf(clients);
        leaving.forEach(client -> client.mailbox().close(CloseReasons.SHUTTING_DOWN));
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
                client.mailbox().close(CloseReasons.DISCONNECTED);
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Up while its writers run: what liveness checks. */
    @Override
    public boolean isUp() {
        return running && writers.isRunning();
    }

    @Override
    public int connections() {
        return clients.size();
    }

    /** Called once per client when its mailbox closes: queue full, write failed, connection ended, shutdown. */
    private void drop(WebSocketClient client, String why) {
        registry.unregister(client.id());
        expiry.forget(client.id());
        metrics.closed(NAME, why);
        clients.remove(client);
        if (!client.isOpen()) {
            LOG.fine(() -> "WebSocket client disconnected: " + client.id() + ": " + why);
            return;
        }
        LOG.log(running ? Level.FINE : Level.FINEST, () -> "WebSocket client dropped: " + client.id() + ": " + why);
        // Closing writes a close frame and may wait; never do that on the publisher's thread.
        writers.executeOrRunHere(() -> client.closeSession(CloseReasons.forDrop(why)));
    }
}
