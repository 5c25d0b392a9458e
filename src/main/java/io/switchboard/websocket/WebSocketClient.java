package io.switchboard.websocket;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.delivery.Mailbox;
import io.switchboard.ratelimit.TokenBucket;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One open WebSocket connection: its session, the rooms it joined, and its own bounded outbound queue. Every frame
 * to it, ack or event, goes through the queue, so frames are written one at a time and in order.
 */
final class WebSocketClient {

    static final String ID_PREFIX = "websocket-";
    private static final ClassLoader SEND_CONTEXT = ClassLoader.getPlatformClassLoader();

    private final String id;
    private final Session session;
    private final Rooms rooms;
    private final long writeTimeoutMillis;
    private final Mailbox<Outgoing> mailbox;
    private final Consumer<Instant> onEventWritten;
    // Replaced by a refresh (on the container's thread of this connection), read by the fan-out.
    private volatile Principal principal;
    private final TokenBucket bucket;

    WebSocketClient(Session session, Principal principal, TokenBucket bucket, WebSocketSettings settings,
                    Executor writers, BiConsumer<WebSocketClient, String> onClose, Consumer<Instant> onEventWritten) {
        this.id = idOf(session);
        this.principal = principal;
        this.bucket = bucket;
        this.session = session;
        this.rooms = new Rooms(settings.maxRooms());
        this.writeTimeoutMillis = settings.writeTimeoutMillis();
        this.onEventWritten = onEventWritten;
        this.mailbox = new Mailbox<>(settings.clientQueue(), writers, this::write, why -> onClose.accept(this, why));
    }

    /** The id the connection of {@code session} has in the registry, known before the connection is admitted. */
    static String idOf(Session session) {
        return ID_PREFIX + session.getId();
    }

    String id() {
        return id;
    }

    Rooms rooms() {
        return rooms;
    }

    /** This connection's rate limit; {@code null} when limits are off. */
    TokenBucket bucket() {
        return bucket;
    }

    Principal principal() {
        return principal;
    }

    /** A refreshed token's principal: its roles and channels apply from the next request and event on. */
    void principal(Principal refreshed) {
        principal = refreshed;
    }

    /** Its rooms' events, but never more than its token allows (a restricted token in no room follows all else). */
    boolean follows(HubEvent event) {
        return principal.has(Role.SUBSCRIBE) && rooms.follows(event)
                && (event.audience() == Audience.EVERYONE || principal.channels().allows(event.channel()));
    }

    Mailbox<Outgoing> mailbox() {
        return mailbox;
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** Closes the session with {@code reason}; may wait for the close frame to be written, so never on a publisher. */
    void closeSession(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            // The peer is gone already; nothing else to release.
        }
    }

    private void write(Outgoing frame) throws Exception {
        if (!session.isOpen()) {
            throw new IllegalStateException("session closed");
        }
        // The async remote hands back a future; waiting for it here bounds each write without blocking publishers.
        sendText(frame.text()).get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        if (frame.publishedAt() != null) {
            onEventWritten.accept(frame.publishedAt());
        }
    }

    /**
     * Hands the frame to the container with the platform class loader as the thread's context class loader. Tyrus
     * (2.1 in Payara 6) restarts the session's idle timer on every send, even with no idle timeout (Switchboard's
     * sessions have none, {@code getMaxIdleTimeout() == 0}, so the timer task does nothing), by scheduling a task on
     * the container's managed scheduled executor; Payara captures the thread context of each such task with a
     * {@code ServiceLoader} lookup of {@code ThreadContextProvider}s through the context class loader, which with the
     * application's class loader searches every jar of the server and the application: 80 % of the writer threads'
     * time in a fan-out profile. Through the platform class loader that lookup searches only the JDK's modules. The
     * write itself needs no application class.
     */
    private Future<Void> sendText(String text) {
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        thread.setContextClassLoader(SEND_CONTEXT);
        try {
            return session.getAsyncRemote().sendText(text);
        } finally {
            thread.setContextClassLoader(application);
        }
    }
}
