package io.switchboard.websocket;

import io.netty.channel.EventLoop;
import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.ratelimit.TokenBucket;
import jakarta.websocket.CloseReason;

/**
 * One admitted WebSocket connection as the hub sees it: who it is, the rooms it joined, its rate limit, and its
 * {@link WebSocketConnection}. Frames to it are written on its connection's event loop only, in order.
 */
final class WebSocketClient {

    static final String ID_PREFIX = "websocket-";

    private final String id;
    private final WebSocketConnection connection;
    private final Rooms rooms;
    // Replaced by a refresh (on the connection's loop), read by the fan-out.
    private volatile Principal principal;
    private final TokenBucket bucket;
    // On the connection's event loop only: events go out only after the welcome.
    private boolean welcomed;

    WebSocketClient(String id, WebSocketConnection connection, Principal principal, TokenBucket bucket, int maxRooms) {
        this.id = id;
        this.connection = connection;
        this.principal = principal;
        this.bucket = bucket;
        this.rooms = new Rooms(maxRooms);
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

    EventLoop loop() {
        return connection.loop();
    }

    WebSocketConnection connection() {
        return connection;
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    /** On the loop: the first frame; events published from then on reach the client. */
    void welcome() {
        connection.sendText(Frames.welcome(id));
        welcomed = true;
    }

    /**
     * On the loop: an event's frame, framed once for every client.
     *
     * @return whether it was sent (not before the welcome, not after the close)
     */
    boolean deliver(byte[] frame) {
        if (!welcomed || !connection.isOpen()) {
            return false;
        }
        connection.sendFramed(frame);
        return true;
    }

    /** Closes the connection with the close frame {@code why} maps to ({@link CloseReasons#forDrop}); any thread. */
    void close(String why) {
        CloseReason reason = CloseReasons.forDrop(why);
        connection.close(reason.getCloseCode().getCode(), reason.getReasonPhrase(), why);
    }
}
