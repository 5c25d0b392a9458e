package io.switchboard.websocket;

import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Principal;
import io.switchboard.config.Origins;
import io.switchboard.connection.ClientAddresses;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.message.InvalidInputException;
import io.switchboard.message.JsonP;
import io.switchboard.presence.PresenceUser;
import io.switchboard.upgrade.UpgradedConnection;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code ws://host:port/ws/messages}: the plain WebSocket transport for clients without a Socket.IO library. JSON
 * text frames in (message, broadcast, join, leave, history, refresh; each answered by an ack), hub events out.
 * <p>
 * The servlet answers the opening handshake itself and upgrades with the Servlet API's own
 * {@code HttpServletRequest.upgrade}, the same way on Payara and WildFly, instead of being a Jakarta WebSocket
 * endpoint: the container's WebSocket session cost, per frame sent, an idle-timer task on the managed scheduler
 * (Tyrus on Payara re-arms it on every send, even with no idle timeout), about 70 % of the CPU a fan-out took
 * ({@code bench/NOTES.md}). Netty's codec does the framing ({@link MessagesPipeline}), as for Socket.IO's WebSockets.
 * <p>
 * A bad token, or an address that holds its connection cap already, is refused the way it always was: the upgrade
 * completes and the connection is closed at once with 1008 and the reason, which a browser's {@code WebSocket} can
 * read (an HTTP status it cannot). A request that is not a WebSocket handshake, or from a browser origin not in
 * {@code switchboard.websocket.origins}, gets an HTTP error with the usual JSON body.
 */
@WebServlet(urlPatterns = "/ws/messages", asyncSupported = true)
public class MessagesServlet extends HttpServlet {

    private static final int POLICY_VIOLATION = 1008;

    @Inject
    WebSocketHub hub;

    @Inject
    Authenticator authenticator;

    @Inject
    ClientAddresses addresses;

    @Inject
    @ConfigProperty(name = "switchboard.websocket.origins", defaultValue = "*")
    String origins;

    private Origins allowed;

    @Override
    public void init() {
        allowed = Origins.parse(origins);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String key = request.getHeader("Sec-WebSocket-Key");
        Handshake.Refusal refusal = Handshake.check(request.getMethod(), request.getHeader("Upgrade"),
                String.join(",", Collections.list(request.getHeaders("Connection"))),
                request.getHeader("Sec-WebSocket-Version"), key);
        if (refusal != null) {
            refuse(response, refusal.status(), refusal.error(), refusal.detail(), refusal.headers());
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !allowed.allows(origin)) {
            // Against cross-site WebSocket hijacking: a foreign page must not use the user's network position.
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "origin_not_allowed",
                    "origin '" + origin + "' is not in switchboard.websocket.origins", Map.of());
            return;
        }
        WebSocketConnection connection = hub.connect();
        try {
            admit(request, connection);
            response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            response.setHeader("Sec-WebSocket-Accept", Handshake.accept(key));
            request.upgrade(UpgradedConnection.class).bridge(connection.socket());
            // Sent now, not with the first frame: the container may hold the 101 back until something is written.
            response.flushBuffer();
        } catch (IOException | ServletException | RuntimeException e) {
            connection.abandon();
            throw e;
        }
    }

    /** Admits the connection, or queues its 1008 close: either way what it is told goes out once it is upgraded. */
    private void admit(HttpServletRequest request, WebSocketConnection connection) {
        String refused;
        try {
            Principal principal = authenticator.subscriber(request.getParameter("token"));
            String user = PresenceUser.of(principal, request.getParameter(PresenceUser.PARAM));
            refused = hub.open(connection, principal, addresses.resolve(request), user) == null
                    ? ConnectionRegistry.TOO_MANY_CONNECTIONS : null;
        } catch (InvalidInputException e) {
            refused = e.error() + ": " + e.detail();
        }
        if (refused != null) {
            connection.close(POLICY_VIOLATION, refused, "refused: " + refused);
        }
    }

    private static void refuse(HttpServletResponse response, int status, String error, String detail,
                               Map<String, String> headers) throws IOException {
        JsonObjectBuilder body = JsonP.createObjectBuilder().add("error", error).add("detail", detail);
        byte[] bytes = body.build().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
