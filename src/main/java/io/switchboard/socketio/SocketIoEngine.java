package io.switchboard.socketio;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.HandshakeData;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.transport.NamespaceClient;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.Access;
import io.switchboard.auth.AccessDeniedException;
import io.switchboard.auth.AuthSettings;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.TokenExpiry;
import io.switchboard.ratelimit.RateLimits;
import io.switchboard.ratelimit.TokenBucket;
import io.switchboard.message.HubEvent;
import io.switchboard.message.InvalidInputException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Socket.IO server: netty-socketio on its own port, wired to the hub. Clients' requests go to
 * {@link ClientRequests}; their connections and rooms to the {@link ConnectionRegistry}; hub events come back
 * through {@link #deliver}. A plain class, so tests can run it without an application server.
 */
final class SocketIoEngine {

    static final String TRANSPORT = "socketio";
    static final String ERROR_EVENT = "error";
    static final String SHUTDOWN_EVENT = "shutdown";
    static final String TOKEN_EXPIRED = "token_expired";
    private static final Duration POLLING_GOODBYE_GRACE = Duration.ofSeconds(2);
    private static final Duration BRIDGE_GRACE = Duration.ofSeconds(2);
    private static final String BUCKET = "switchboard.rate";

    private static final Logger LOG = Logger.getLogger(SocketIoEngine.class.getName());

    private final SocketIoSettings settings;
    private final ClientRequests requests;
    private final ConnectionRegistry registry;
    private final ClassLoader appClassLoader;
    private final SocketIoAuth auth;
    private final RateLimits limits;
    private final ClientAddresses addresses;
    private final BinaryAttachmentAssembly assembly;
    private final PendingPolls pendingPolls = new PendingPolls();
    private final UpgradeGuard upgradeGuard = new UpgradeGuard(SocketIoSettings.PATH + "/");
    private final SocketIoPacketRules packetRules = new SocketIoPacketRules();
    private final Consumer<String> onSlowClient;
    private final SlowPollingCutoff slowPolling;
    private final TokenExpiry expiry; // null: connections never expire (tests of other things)
    private volatile SocketIOServer server;
    private volatile BridgeChannels bridge;
    private volatile LoopBroadcast broadcast;

    /** @param appClassLoader set as context class loader while listeners call into the application */
    SocketIoEngine(SocketIoSettings settings, ClientRequests requests, ConnectionRegistry registry,
                   ClassLoader appClassLoader) {
        this(settings, requests, registry, appClassLoader, new Authenticator(AuthSettings.disabled()),
                new RateLimits(0, 1), ClientAddresses.trustingNoProxy());
    }

    /** @param addresses who a connection is from: its peer, or the client a trusted proxy names */
    SocketIoEngine(SocketIoSettings settings, ClientRequests requests, ConnectionRegistry registry,
                   ClassLoader appClassLoader, Authenticator authenticator, RateLimits limits,
                   ClientAddresses addresses) {
        this(settings, requests, registry, appClassLoader, authenticator, limits, addresses, why -> { });
    }

    /**
     * @param onSlowClient told why each time the direct port drops a client that does not keep up
     *                     ({@link SlowWebSocketCutoff}, {@link SlowPollingCutoff}); the reason is a {@code Mailbox}'s
     */
    SocketIoEngine(SocketIoSettings settings, ClientRequests requests, ConnectionRegistry registry,
                   ClassLoader appClassLoader, Authenticator authenticator, RateLimits limits,
                   ClientAddresses addresses, Consumer<String> onSlowClient) {
        this(settings, requests, registry, appClassLoader, authenticator, limits, addresses, onSlowClient, null);
    }

    /**
     * @param expiry closes each connection at its token's {@code exp} (an {@value #ERROR_EVENT} event
     *               {@value #TOKEN_EXPIRED}, then a disconnect) unless the client sent a {@code refresh} first
     */
    SocketIoEngine(SocketIoSettings settings, ClientRequests requests, ConnectionRegistry registry,
                   ClassLoader appClassLoader, Authenticator authenticator, RateLimits limits,
                   ClientAddresses addresses, Consumer<String> onSlowClient, TokenExpiry expiry) {
        this.expiry = expiry;
        this.onSlowClient = onSlowClient;
        this.assembly = new BinaryAttachmentAssembly(settings.maxPayload());
        this.slowPolling = new SlowPollingCutoff(settings.clientQueue(), onSlowClient);
        this.limits = limits;
        this.addresses = addresses;
        this.settings = settings;
        this.requests = requests;
        this.registry = registry;
        this.appClassLoader = appClassLoader;
        this.auth = new SocketIoAuth(authenticator);
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IllegalStateException when the server cannot listen (port taken, bad host); nothing is left running
     */
    synchronized void start() {
        if (server != null) {
            return;
        }
        SocketIOServer candidate = new SocketIOServer(configuration(settings));
        GuardedChannelInitializer pipeline = new GuardedChannelInitializer(assembly, pendingPolls, upgradeGuard,
                packetRules, () -> new SlowWebSocketCutoff(settings.clientQueue(), settings.writeTimeoutMillis(),
                        onSlowClient));
        candidate.setPipelineFactory(pipeline);
        addListeners(candidate);
        try {
            candidate.start();
        } catch (Exception e) {
            // start() rethrows the bind failure undeclared; its event loops are already running.
            candidate.stop();
            throw new IllegalStateException("Socket.IO server cannot listen on " + settings.host() + ":"
                    + settings.port() + ": " + e, e);
        }
        bridge = new BridgeChannels(pipeline);
        broadcast = new LoopBroadcast(pipeline.sharedFrames());
        server = candidate;
    }

    /** The app server's way in to this engine; {@code null} when it is not running. */
    BridgeChannels bridge() {
        return server == null ? null : bridge;
    }

    /**
     * Tells every client why ({@value #SHUTDOWN_EVENT} event), disconnects it, then stops all of the server's threads
     * before returning. Netty's graceful shutdown writes what is queued before closing the channels.
     */
    synchronized void stop() {
        SocketIOServer running = server;
        server = null;
        if (running != null) {
            goingAway(running);
            running.stop();
            bridge.stop(BRIDGE_GRACE);
            bridge = null;
        }
    }

    /** Sends every client a {@value #SHUTDOWN_EVENT} event with the reason, then disconnects it. */
    void goingAway() {
        SocketIOServer running = server;
        if (running != null) {
            goingAway(running);
        }
    }

    private void goingAway(SocketIOServer running) {
        Map<String, Object> reason = Map.of("reason", "server shutting down");
        List<SocketIOClient> clients = List.copyOf(running.getAllClients());
        Map<UUID, Long> pollsBefore = new HashMap<>();
        for (SocketIOClient client : clients) {
            if (client.getTransport() == Transport.POLLING) {
                pollsBefore.put(client.getSessionId(), pendingPolls.polls(client.getSessionId()));
            }
            client.sendEvent(SHUTDOWN_EVENT, reason);
        }
        awaitNextPolls(pollsBefore);
        clients.forEach(SocketIOClient::disconnect);
    }

    /**
     * A polling client that has no poll waiting gets the event with its next poll, and a disconnect before then would
     * refuse that poll as unknown: give each one poll more, within a bound. A client polls again as soon as it is
     * answered, so this costs a round trip.
     */
    private void awaitNextPolls(Map<UUID, Long> pollsBefore) {
        long deadline = System.nanoTime() + POLLING_GOODBYE_GRACE.toNanos();
        Map<UUID, Long> pending = new HashMap<>(pollsBefore);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.entrySet().removeIf(entry -> pendingPolls.polls(entry.getKey()) > entry.getValue());
            if (!pending.isEmpty()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Disconnects the client of that connection id ({@code socketio-<session id>}), if connected here. */
    boolean disconnect(String connectionId) {
        SocketIOServer running = server;
        if (running == null || !connectionId.startsWith(TRANSPORT + "-")) {
            return false;
        }
        UUID session;
        try {
            session = UUID.fromString(connectionId.substring(TRANSPORT.length() + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        SocketIOClient client = running.getClient(session);
        if (client == null) {
            return false;
        }
        client.disconnect();
        return true;
    }

    int sessions() {
        SocketIOServer running = server;
        return running == null ? 0 : running.getAllClients().size();
    }

    int bridgeChannels() {
        BridgeChannels open = bridge;
        return open == null ? 0 : open.openChannels();
    }

    boolean isRunning() {
        return server != null;
    }

    /**
     * Sends a hub event to the Socket.IO clients it is for; never blocks (netty writes are queued).
     *
     * @return how many clients it was handed to
     */
    int deliver(HubEvent event) {
        SocketIOServer running = server;
        if (running == null) {
            return 0;
        }
        Outbound outbound = Outbound.of(event);
        Iterable<SocketIOClient> recipients = AdmittedClients.in(running,
                outbound.room() == null ? AdmittedClients.ROOM : outbound.room());
        if (outbound.wire() instanceof SharedPayload shared) {
            return broadcast.send(recipients, outbound.name(), shared, slowPolling::check);
        }
        // netty-socketio's encoder turns a packet with bytes into a binary one in place: a broadcast's one packet,
        // encoded for each client on its own thread, would go out garbled. One packet per client, then.
        int reached = 0;
        for (SocketIOClient client : recipients) {
            client.sendEvent(outbound.name(), outbound.wire());
            slowPolling.check(client);
            reached++;
        }
        return reached;
    }

    static Configuration configuration(SocketIoSettings settings) {
        Configuration config = new Configuration();
        config.setHostname(settings.host());
        config.setPort(settings.port());
        config.setContext(SocketIoSettings.PATH);
        config.setPingInterval(settings.pingIntervalMillis());
        config.setPingTimeout(settings.pingTimeoutMillis());
        config.setMaxFramePayloadLength(settings.maxPayload());
        config.setMaxHttpContentLength(settings.maxPayload());
        // netty-socketio offers permessage-deflate by default and then deflates every frame for every client: in a
        // fan-out that was a third of the event loops' time. engine.io 4 leaves it off by default too.
        config.setWebsocketCompression(settings.compression());
        config.setAuthorizationListener(new OriginPolicy(settings.origins()));
        config.setJsonSupport(new HandshakeJson(new JacksonJsonSupport(), settings.maxPayload()));
        // Every request gets exactly one reply, so acks are sent by hand, never automatically.
        config.setAckMode(AckMode.MANUAL);
        // Otherwise a client picks its own session id with an "io" cookie or header, and can take over another's.
        config.setRandomSession(true);
        config.setAddVersionHeader(false);
        config.setBossThreads(1);
        // A restarted node must be able to bind again while old connections are in TIME_WAIT.
        config.getSocketConfig().setReuseAddress(true);
        return config;
    }

    private void addListeners(SocketIOServer target) {
        // Called only when the client's CONNECT carries an auth payload; a refusal becomes its connect_error.
        target.getNamespace(Namespace.DEFAULT_NAME).addAuthTokenListener((authData, client) ->
                inAppContext(() -> admit(authData, client)));
        target.addConnectListener(client -> {
            TokenBucket bucket = limits.newBucket();
            if (bucket != null) {
                client.set(BUCKET, bucket);
            }
            if (client.getTransport() == Transport.WEBSOCKET) {
                upgradeGuard.openedOnWebSocket(client.getSessionId());
            }
            // Registered at its namespace CONNECT (admit), not here: netty-socketio calls this at the Engine.IO
            // handshake already, before the client has asked to connect, let alone been admitted.
            if (pendingPolls.closedRecently(client.getSessionId())) {
                // netty-socketio connects the namespace again on any poll of a session it has not dropped yet, so a
                // poll racing the client's disconnect brings a closed session back, with nothing left to time it
                // out: it would stay in the registry forever. Close it again at once.
                ((NamespaceClient) client).onDisconnect();
                return;
            }
            LOG.fine(() -> "Socket.IO client connected: " + connectionId(client) + " over " + client.getTransport()
                    + " from " + clientAddress(client));
        });
        target.addDisconnectListener(client -> {
            if (packetRules.isLeavingMainNamespace(client.getSessionId())) {
                // A DISCONNECT from the namespace: the Engine.IO session stays up and may CONNECT again.
                registry.unregister(connectionId(client));
                forgetExpiry(client);
                LOG.fine(() -> "Socket.IO client left the main namespace: " + connectionId(client));
                return;
            }
            forget(client);
            LOG.fine(() -> "Socket.IO client disconnected: " + connectionId(client));
        });
        target.addEventListener("message", JsonNode.class, (client, data, ack) ->
                answer(client, ack, () -> requests.message(SocketIoAuth.principal(client), data,
                        BinaryAttachments.current())));
        target.addEventListener("join", JsonNode.class, (client, data, ack) ->
                answer(client, ack, () -> requests.room(SocketIoAuth.principal(client), "join", data, room -> {
                    client.joinRoom(room);
                    registry.joined(connectionId(client), room);
                })));
        target.addEventListener("history", JsonNode.class, (client, data, ack) ->
                answerLater(client, ack, () -> requests.history(SocketIoAuth.principal(client), data)));
        target.addEventListener("leave", JsonNode.class, (client, data, ack) ->
                answer(client, ack, () -> requests.room(SocketIoAuth.principal(client), "leave", data, room -> {
                    client.leaveRoom(room);
                    registry.left(connectionId(client), room);
                })));
        target.addEventListener("refresh", JsonNode.class, (client, data, ack) ->
                answer(client, ack, () -> refresh(client, data)));
    }

    /**
     * {@code refresh {token}}: a fresh token of the connection's subject moves its expiry and replaces its roles and
     * channels; rooms it no longer allows are left. Refused as a bad token is anywhere (401 {@code unauthorized}),
     * and then nothing changes.
     */
    private ClientRequests.Reply refresh(SocketIOClient client, JsonNode data) {
        try {
            Principal fresh = auth.refreshed(client, requests.refreshToken(data));
            boolean renewed = fresh.expiresAt() == null
                    || (expiry != null && expiry.renew(connectionId(client), fresh.expiresAt()));
            if (!renewed) {
                throw AccessDeniedException.unauthorized(
                        "this connection's token has expired; reconnect with a fresh one");
            }
            SocketIoAuth.adopt(client, fresh);
            AdmittedClients.follow(client, fresh);
            for (String room : Access.roomsDenied(fresh, joinedRooms(client))) {
                client.leaveRoom(room);
                registry.left(connectionId(client), room);
            }
            return new ClientRequests.Reply(Replies.refreshed(fresh.expiresAt(), joinedRooms(client)), null);
        } catch (InvalidInputException e) {
            return ClientRequests.Reply.refused(e);
        }
    }

    /** The rooms the client joined, sorted: not the namespace's own room, which every client of it is in. */
    private static List<String> joinedRooms(SocketIOClient client) {
        return client.getAllRooms().stream().filter(room -> AdmittedClients.isJoinedRoom(room, Namespace.DEFAULT_NAME))
                .sorted().toList();
    }

    /** Watches the admitted connection's token; at its {@code exp}, {@link #expire}. */
    private void watchExpiry(SocketIOClient client) {
        if (expiry != null) {
            Principal principal = client.get(SocketIoAuth.PRINCIPAL);
            expiry.watch(connectionId(client), principal == null ? null : principal.expiresAt(),
                    () -> inAppContext(() -> {
                        expire(client);
                        return null;
                    }));
        }
    }

    private void forgetExpiry(SocketIOClient client) {
        if (expiry != null) {
            expiry.forget(connectionId(client));
        }
    }

    /**
     * The token expired: an {@value #ERROR_EVENT} event {@code {error: "token_expired", detail}}, then a disconnect.
     * A polling client is given its next poll first, as at shutdown, or the event would wait in a closed session's
     * queue; it polls again as soon as it is answered, so this blocks the scheduler's thread for a round trip.
     */
    private void expire(SocketIOClient client) {
        if (server == null) {
            return;
        }
        boolean polling = client.getTransport() == Transport.POLLING;
        long pollsBefore = polling ? pendingPolls.polls(client.getSessionId()) : 0;
        client.sendEvent(ERROR_EVENT, Replies.error(new InvalidInputException(AccessDeniedException.UNAUTHORIZED,
                TOKEN_EXPIRED, null, "the connection's token has expired; reconnect with a fresh one, or send "
                        + "'refresh' with one before its exp")));
        if (polling) {
            awaitNextPolls(Map.of(client.getSessionId(), pollsBefore));
        }
        LOG.fine(() -> "Socket.IO client's token expired: " + connectionId(client));
        client.disconnect();
    }

    /**
     * At the namespace CONNECT (every one: {@link BareConnectCompletion} makes payload-less ones come here too): the
     * token, then the connection's place under its address's cap, before anything is allocated for it. A refusal is
     * the client's {@code connect_error}.
     */
    private AuthTokenResult admit(Object authData, SocketIOClient client) {
        AuthTokenResult authenticated = auth.onAuthData(authData, client);
        if (!authenticated.isSuccess()) {
            return authenticated;
        }
        String user;
        try {
            user = SocketIoAuth.user(authData, client);
        } catch (InvalidInputException e) {
            return auth.refuse(client, e);
        }
        if (!registry.tryRegister(connectionId(client), TRANSPORT, clientAddress(client), Set.of(), user)) {
            return auth.refuse(client, registry.refusal());
        }
        AdmittedClients.follow(client, SocketIoAuth.principal(client));
        watchExpiry(client);
        return authenticated;
    }

    /** The handshake's peer (for the app server's port, the container's), or the client a trusted proxy names. */
    private String clientAddress(SocketIOClient client) {
        HandshakeData handshake = client.getHandshakeData();
        String peer = address(handshake.getAddress());
        return addresses.resolve(peer, handshake.getHttpHeaders().getAll(ClientAddresses.FORWARDED_FOR));
    }

    private void forget(SocketIOClient client) {
        registry.unregister(connectionId(client));
        forgetExpiry(client);
        assembly.forget(client.getSessionId());
        pendingPolls.release(client.getSessionId());
        upgradeGuard.forget(client.getSessionId());
        packetRules.forget(client.getSessionId());
    }

    /**
     * Runs a request in the application's class loader, within the connection's rate limit, and acks its reply or
     * emits its error.
     */
    private void answer(SocketIOClient client, AckRequest ack, Supplier<ClientRequests.Reply> request) {
        ClientRequests.Reply reply;
        try {
            reply = inAppContext(() -> {
                limits.take(client.get(BUCKET));
                return request.get();
            });
        } catch (InvalidInputException e) {
            reply = ClientRequests.Reply.refused(e); // over the rate limit, or a connection never admitted
        } catch (RuntimeException e) {
            reply = internalError(e);
        }
        send(client, ack, reply);
    }

    /** Like {@link #answer}, for a request answered later, off Netty's thread (it may wait on Redis). */
    private void answerLater(SocketIOClient client, AckRequest ack,
                             Supplier<CompletionStage<ClientRequests.Reply>> request) {
        CompletionStage<ClientRequests.Reply> pending;
        try {
            pending = inAppContext(() -> {
                limits.take(client.get(BUCKET));
                return request.get();
            });
        } catch (InvalidInputException e) {
            send(client, ack, ClientRequests.Reply.refused(e));
            return;
        } catch (RuntimeException e) {
            send(client, ack, internalError(e));
            return;
        }
        pending.whenComplete((reply, failure) -> send(client, ack, failure == null ? reply : internalError(failure)));
    }

    private <T> T inAppContext(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Netty's threads are not the server's: JSON-P and MicroProfile Config look up providers through the
        // context class loader.
        thread.setContextClassLoader(appClassLoader);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static ClientRequests.Reply internalError(Throwable e) {
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, e, () -> "Socket.IO request failed, reference " + reference);
        return ClientRequests.Reply.refused(new InvalidInputException(500, "internal_error", null,
                "internal error, reference " + reference));
    }

    private static void send(SocketIOClient client, AckRequest ack, ClientRequests.Reply reply) {
        if (ack.isAckRequested()) {
            ack.sendAckData(reply.body());
        } else if (!reply.isOk()) {
            client.sendEvent(ERROR_EVENT, reply.error());
        }
    }

    static String connectionId(SocketIOClient client) {
        return TRANSPORT + "-" + client.getSessionId();
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString();
        }
        return address == null ? null : address.toString();
    }
}
