package io.switchboard.websocket;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.MessageValidator;
import io.switchboard.presence.PresenceUser;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code ws://host:port/ws/messages}: the plain WebSocket transport for clients without a Socket.IO library. JSON
 * text frames in (message, broadcast, join, leave; each answered by an ack), hub events out. The container creates
 * one instance per connection and calls its message methods one at a time, so acks leave in request order.
 */
@ServerEndpoint(value = "/ws/messages", configurator = MessagesConfigurator.class)
public class MessagesEndpoint {

    private static final Logger LOG = Logger.getLogger(MessagesEndpoint.class.getName());

    @Inject
    WebSocketHub hub;

    @Inject
    WebSocketRequests requests;

    @Inject
    MessageValidator validator;

    @Inject
    Authenticator authenticator;

    @Inject
    ClientAddresses addresses;

    private WebSocketClient client;

    @OnOpen
    public void open(Session session) throws IOException {
        Principal principal;
        String user;
        try {
            principal = authenticator.subscriber(query(session, "token"));
            user = PresenceUser.of(principal, query(session, PresenceUser.PARAM));
        } catch (InvalidInputException e) {
            // The upgrade has happened by now (the Jakarta API cannot answer it with a 401 or 400), so refuse with 1008.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    CloseReasons.truncate(e.error() + ": " + e.detail())));
            return;
        }
        int limit = containerLimit(validator.maxMessageBytes());
        session.setMaxTextMessageBufferSize(limit);
        session.setMaxBinaryMessageBufferSize(limit);
        String address = addresses.resolve(RemoteAddress.of(session), MessagesConfigurator.forwardedFor(session));
        client = hub.open(session, principal, address, user);
        if (client == null) {
            // Its address holds the cap already. As for a bad token, the upgrade is done: refuse with 1008.
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    ConnectionRegistry.TOO_MANY_CONNECTIONS));
        }
    }

    @OnMessage
    public void text(String frame) {
        if (client == null) {
            return; // refused at open; the close is on its way
        }
        hub.reply(client, requests.handle(client, frame));
    }

    @OnMessage
    public void binary(ByteBuffer frame) {
        if (client == null) {
            return;
        }
        hub.reply(client, Frames.error(null, new InvalidInputException(InvalidInputException.BAD_REQUEST,
                "unsupported_frame", null, "binary frames are not supported; send JSON text frames")));
    }

    @OnClose
    public void close(CloseReason reason) {
        if (client != null) {
            hub.closed(client, "closed: " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
        }
    }

    @OnError
    public void error(Throwable error) {
        LOG.fine(() -> "WebSocket error on " + (client == null ? "a new connection" : client.id()) + ": " + error);
        if (client != null) {
            hub.closed(client, "failed: " + error);
        }
    }

    private static String query(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The session's limit: twice the message limit, so that a frame a little too big still reaches {@link #text} and
     * gets a {@code payload_too_large} ack with the connection kept, while a huge one cannot make the server buffer
     * without bound. Measured on Payara 6 (Tyrus): a message sent in fragments over this limit is closed with 1009;
     * a single frame is not checked against it, only against Tyrus's incoming buffer (4 MiB by default, servlet
     * context parameter {@code org.glassfish.tyrus.servlet.incoming-buffer-size}), past which it closes with 1011.
     */
    static int containerLimit(int maxMessageBytes) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * maxMessageBytes);
    }
}
