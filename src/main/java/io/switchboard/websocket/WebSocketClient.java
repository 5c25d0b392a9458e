package io.switchboard.websocket;

import io.switchboard.delivery.Mailbox;
import io.switchboard.message.HubEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.Executor;
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

    private final String id;
    private final Session session;
    private final Rooms rooms;
    private final long writeTimeoutMillis;
    private final Mailbox<Outgoing> mailbox;
    private final Consumer<Instant> onEventWritten;

    WebSocketClient(Session session, WebSocketSettings settings, Executor writers,
                    BiConsumer<WebSocketClient, String> onClose, Consumer<Instant> onEventWritten) {
        this.id = ID_PREFIX + session.getId();
        this.session = session;
        this.rooms = new Rooms(settings.maxRooms());
        this.writeTimeoutMillis = settings.writeTimeoutMillis();
        this.onEventWritten = onEventWritten;
        this.mailbox = new Mailbox<>(settings.clientQueue(), writers, this::write, why -> onClose.accept(this, why));
    }

    String id() {
        return id;
    }

    Rooms rooms() {
        return rooms;
    }

    boolean follows(HubEvent event) {
        return rooms.follows(event);
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
        session.getAsyncRemote().sendText(frame.text()).get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
        if (frame.publishedAt() != null) {
            onEventWritten.accept(frame.publishedAt());
        }
    }
}
