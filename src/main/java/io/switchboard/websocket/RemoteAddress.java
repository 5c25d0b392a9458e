package io.switchboard.websocket;

import jakarta.websocket.Session;
import java.net.InetSocketAddress;

/**
 * The TCP peer address of a WebSocket session. The Jakarta WebSocket API has no portable accessor, so each container's
 * own is looked up by name: Tyrus (Payara, GlassFish) has {@code getRemoteAddr()} on its session; Undertow (WildFly)
 * has {@code getWebSocketChannel()}, whose {@code getPeerAddress()} is the socket's peer. On any other container the
 * address is unknown ({@code null}): such connections are listed without an address and not counted per address.
 * Looked up once per connection, which costs little beside its handshake.
 */
public final class RemoteAddress {

    private RemoteAddress() {
    }

    public static String of(Session session) {
        Object tyrus = call(session, "getRemoteAddr");
        if (tyrus != null) {
            return tyrus.toString();
        }
        Object channel = call(session, "getWebSocketChannel");
        Object peer = channel == null ? null : call(channel, "getPeerAddress");
        if (peer instanceof InetSocketAddress inet) {
            // getAddress() never resolves a name; the host string is the fallback for an unresolved address only.
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return null;
    }

    private static Object call(Object target, String getter) {
        try {
            return target.getClass().getMethod(getter).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
