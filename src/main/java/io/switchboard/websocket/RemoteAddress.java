package io.switchboard.websocket;

import jakarta.websocket.Session;
import java.lang.reflect.Method;

/**
 * The peer address of a WebSocket session. The Jakarta WebSocket API has no portable accessor; Tyrus (Payara,
 * GlassFish) offers {@code getRemoteAddr()} on its session, so it is looked up by name and the address is simply
 * unknown ({@code null}) on other containers.
 */
final class RemoteAddress {

    private RemoteAddress() {
    }

    static String of(Session session) {
        try {
            Method getter = session.getClass().getMethod("getRemoteAddr");
            Object address = getter.invoke(session);
            return address == null ? null : address.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
