package io.switchboard.socketio;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import io.switchboard.auth.AccessDeniedException;
import io.switchboard.message.InvalidInputException;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.presence.PresenceUser;
import com.corundumstudio.socketio.namespace.Namespace;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Authenticates Socket.IO clients: the token comes from the CONNECT packet's auth payload ({@code auth: {token}},
 * client v4), the handshake's {@code ?token=} or its {@code Authorization: Bearer} header. netty-socketio asks {@link #onAuthData} before it acknowledges the
 * CONNECT, so a refusal reaches the client as {@code connect_error}; it only asks when the CONNECT carries a payload,
 * which {@link BareConnectCompletion} makes sure of. (Its connect listeners run earlier, at the Engine.IO handshake,
 * before any auth payload is known, so they cannot decide.)
 */
final class SocketIoAuth {

    static final String PRINCIPAL = "switchboard.principal";
    static final String TOKEN_PARAM = "token";
    private static final String BEARER = "Bearer ";

    private final Authenticator authenticator;

    SocketIoAuth(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    AuthTokenResult onAuthData(Object authData, SocketIOClient client) {
        String token = authData instanceof Map<?, ?> map && map.get(TOKEN_PARAM) instanceof String given ? given
                : urlToken(client);
        try {
            client.set(PRINCIPAL, authenticator.subscriber(token));
            return AuthTokenResult.AuthTokenResultSuccess;
        } catch (AccessDeniedException e) {
            return refuse(client, e);
        }
    }

    /** The client's {@code connect_error} for {@code why}. */
    AuthTokenResult refuse(SocketIOClient client, InvalidInputException why) {
        // netty-socketio put the session in the namespace's room at the Engine.IO handshake already: take it out,
        // so that a refused client is sent nothing.
        client.leaveRoom(Namespace.DEFAULT_NAME);
        // socket.io-client turns {message, data} into an Error with that message and .data.
        return new AuthTokenResult(false, Map.of("message", why.error() + ": " + why.detail(), "data",
                Replies.error(why)));
    }

    /**
     * The principal of a {@code refresh} with {@code token}, not yet adopted.
     *
     * @throws AccessDeniedException 401 as for any bad token (another subject, expired, not verified), or when the
     *         connection was never admitted
     */
    Principal refreshed(SocketIOClient client, String token) {
        return authenticator.refreshed(principal(client), token);
    }

    /** From now on the connection's requests are {@code principal}'s (a refresh's). */
    static void adopt(SocketIOClient client, Principal principal) {
        client.set(PRINCIPAL, principal);
    }

    /** The principal {@link #onAuthData} recorded; none (a client refused or not connected yet) may do nothing. */
    static Principal principal(SocketIOClient client) {
        Principal principal = client.get(PRINCIPAL);
        if (principal == null) {
            throw AccessDeniedException.unauthorized("this connection is not authenticated");
        }
        return principal;
    }

    /**
     * Who an admitted client is in presence: its token's subject, else the name it gave ({@code auth: {user}}, else
     * the handshake's {@code ?user=}), else {@code null}.
     *
     * @throws InvalidInputException 400 {@code invalid_field} {@code user} for a name {@link PresenceUser} refuses, or,
     *         from a client without a token, an {@code auth.user} that is not a string (a number, an object): refused
     *         as a bad name is, not taken for no name
     */
    static String user(Object authData, SocketIOClient client) {
        return user(authData, principal(client), () -> client.getHandshakeData().getSingleUrlParam(PresenceUser.PARAM));
    }

    static String user(Object authData, Principal principal, Supplier<String> queryUser) {
        Object named = authData instanceof Map<?, ?> map ? map.get(PresenceUser.PARAM) : null;
        if (named != null && !(named instanceof String) && !principal.isAuthenticated()) {
            throw InvalidInputException.invalid(PresenceUser.PARAM, "'" + PresenceUser.PARAM + "' must be a string");
        }
        return PresenceUser.of(principal, named instanceof String name ? name : queryUser.get());
    }

    /** {@code ?token=} of the handshake, else its {@code Authorization: Bearer} header (non-browser clients). */
    private static String urlToken(SocketIOClient client) {
        String query = client.getHandshakeData().getSingleUrlParam(TOKEN_PARAM);
        if (query != null) {
            return query;
        }
        String header = client.getHandshakeData().getHttpHeaders().get("Authorization");
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).trim() : null;
    }
}
