package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;
import io.switchboard.upgrade.BridgedWebSocket;
import io.switchboard.upgrade.UpgradedConnection;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket upgrade of {@code /ws/chat/} on the app server's port, taken by the polling servlet through the
 * Servlet API's own upgrade ({@code HttpServletRequest.upgrade}), not by a Jakarta WebSocket endpoint: netty-socketio
 * answers the upgrade request on a {@link BridgeChannel} (so its checks, and Netty's handshake, are the direct
 * port's), the container sends that answer, and then the connection's bytes go to and from Netty's own frame codecs.
 * No container WebSocket session exists per client, so none of its per-frame costs (Tyrus re-arms an idle timer
 * through the managed scheduler on every frame) and no second framing.
 */
final class WebSocketUpgrade {

    /** netty-socketio answers at once; this only bounds a container thread if its event loop is wedged. */
    private static final long ANSWER_WAIT_SECONDS = 10;
    /** The container's own connection headers on the answer; netty's are for a socket the bridge does not have. */
    private static final Set<String> CONTAINER_HEADERS = Set.of("content-length", "transfer-encoding", "keep-alive");

    private WebSocketUpgrade() {
    }

    static boolean isRequested(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return "GET".equals(request.getMethod()) && upgrade != null
                && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    static void serve(HttpServletRequest request, HttpServletResponse response, BridgeChannels bridge,
                      BridgedWebSocket socket) throws IOException, ServletException {
        FullHttpRequest forwarded = PollingEntryPoint.forwarded(request, new byte[0]);
        // The hop headers the servlet leaves out are the ones Netty's handshake checks; no extension is offered to it,
        // since no compression handler sits in the bridge's pipeline.
        forwarded.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        BridgeChannel channel = bridge.open(PollingEntryPoint.address(request.getRemoteAddr(), request.getRemotePort()),
                PollingEntryPoint.address(request.getLocalAddr(), request.getLocalPort()), socket);
        socket.channel(channel);
        channel.receive(forwarded);
        BridgedWebSocket.Answer answer = await(socket);
        if (answer == null) {
            socket.abandon();
            PollingEntryPoint.refuse(response, HttpServletResponse.SC_BAD_REQUEST, EngineIoRules.BAD_REQUEST.toJson());
            return;
        }
        copyHeaders(answer, response);
        if (answer.status() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            socket.abandon();
            response.setStatus(answer.status());
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
            return;
        }
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        request.upgrade(UpgradedConnection.class).bridge(socket);
        // Sent now: an upgrade of a polling session has nothing to write until the client's probe, and the container
        // would hold the 101 back until the first write.
        response.flushBuffer();
    }

    private static BridgedWebSocket.Answer await(BridgedWebSocket socket) {
        try {
            return socket.handshake().get(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private static void copyHeaders(BridgedWebSocket.Answer answer, HttpServletResponse response) {
        for (Map.Entry<String, String> header : answer.headers()) {
            if (!CONTAINER_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                response.setHeader(header.getKey(), header.getValue());
            }
        }
    }
}
