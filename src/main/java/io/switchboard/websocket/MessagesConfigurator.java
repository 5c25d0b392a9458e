package io.switchboard.websocket;

import io.switchboard.connection.ClientAddresses;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The configurator of {@code /ws/messages}: {@link OriginCheck}'s check, plus the one request header the endpoint
 * needs, {@code X-Forwarded-For} (for the client's address behind a trusted proxy). The Jakarta WebSocket API shows
 * request headers only to a configurator, never to the endpoint, and an endpoint has one configurator, hence the
 * subclass. The header is handed over in the user properties, which are the connection's own since WebSocket 2.1:
 * Tyrus (Payara) gives {@code modifyHandshake} a per-request map and copies it into the session; Undertow (WildFly)
 * gives it a per-connection config whose map becomes the session's.
 */
public class MessagesConfigurator extends OriginCheck {

    static final String FORWARDED_FOR = "io.switchboard.websocket.x-forwarded-for";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        String forwarded = header(request.getHeaders(), ClientAddresses.FORWARDED_FOR);
        if (forwarded == null) {
            // Were the map ever shared between connections, no earlier handshake's header may stay in it.
            config.getUserProperties().remove(FORWARDED_FOR);
        } else {
            config.getUserProperties().put(FORWARDED_FOR, forwarded);
        }
    }

    /** The {@code X-Forwarded-For} header the handshake of {@code session} carried (all its lines, comma-joined), or null. */
    static String forwardedFor(Session session) {
        return session.getUserProperties().get(FORWARDED_FOR) instanceof String forwarded ? forwarded : null;
    }

    /** Header names are case-insensitive, and containers do not agree on the case of the map's keys. */
    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null && !header.getValue().isEmpty()) {
                return String.join(",", header.getValue());
            }
        }
        return null;
    }
}
