package io.switchboard.socketio;

import io.switchboard.config.Origins;
import io.switchboard.websocket.RemoteAddress;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The WebSocket handshake of {@link WebSocketEntryPoint}: refuses foreign origins with 403 as the direct port does,
 * and keeps the request's headers for the session (Jakarta WebSocket 2.1 gives each handshake its own copy of the
 * user properties), since the session itself has none.
 */
public class BridgeHandshake extends ServerEndpointConfig.Configurator {

    private static final String HEADERS = "switchboard.socketio.handshake-headers";
    private static final Set<String> CONNECTION_HEADERS = Set.of("connection", "upgrade", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept",
            "content-length", "transfer-encoding", "keep-alive", "host");

    private volatile Origins origins;

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return originHeaderValue == null || origins().allows(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().put(HEADERS, Map.copyOf(request.getHeaders()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<String>> headers(Session session) {
        Object headers = session.getUserProperties().get(HEADERS);
        return headers instanceof Map<?, ?> map ? (Map<String, List<String>>) map : Map.of();
    }

    /** Headers of the client's connection to the app server, not of the request netty-socketio is given. */
    static boolean isConnectionHeader(String name) {
        return CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The client's address as netty-socketio takes it, from the container's session ({@code null}: unknown). */
    static InetSocketAddress remoteAddress(Session session) {
        String address = RemoteAddress.of(session);
        return address == null ? null : PollingEntryPoint.address(address, 0);
    }

    private Origins origins() {
        Origins known = origins;
        if (known == null) {
            String value = ConfigProvider.getConfig().getOptionalValue("switchboard.socketio.origins", String.class)
                    .orElse("*");
            known = Origins.parse(value);
            origins = known;
        }
        return known;
    }
}
