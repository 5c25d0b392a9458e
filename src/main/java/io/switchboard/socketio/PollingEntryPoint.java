package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;

/**
 * Socket.IO's HTTP long-polling on the app server's own port ({@code /ws/chat/}): each request goes, as a decoded
 * request, into the same engine the direct port serves, on a {@link BridgeChannel} of its own, and its answer comes
 * back through {@link PollResponse}. WebSocket upgrades of the same path come here too, and are taken by
 * {@link WebSocketUpgrade}.
 */
@WebServlet(urlPatterns = SocketIoSettings.PATH + "/*", asyncSupported = true)
public class PollingEntryPoint extends HttpServlet {

    /** Headers of the client's connection to the app server, not of the request netty-socketio is given. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding", "expect",
            "upgrade", "content-length", "te");

    @Inject
    SocketIoTransport transport;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        BridgeChannels bridge = transport.bridge();
        if (bridge == null) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, EngineIoRules.BAD_REQUEST.toJson());
            return;
        }
        if (WebSocketUpgrade.isRequested(request)) {
            WebSocketUpgrade.serve(request, response, bridge, transport.bridgedWebSocket());
            return;
        }
        int limit = transport.maxPayload();
        // Refused on its declared length before reading it, as Netty's aggregator does on the direct port.
        byte[] body = request.getContentLengthLong() > limit ? null : readBody(request.getInputStream(), limit);
        if (body == null) {
            // What Netty's aggregator answers on the direct port for a body over the limit.
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "");
            return;
        }
        FullHttpRequest forwarded = forwarded(request, body);
        AsyncContext async = request.startAsync();
        // netty-socketio answers a poll within the ping interval; past this the session is gone.
        async.setTimeout(transport.pollTimeoutMillis());
        PollResponse answer = new PollResponse(async, response);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                answer.abandon();
                event.getAsyncContext().complete();
            }

            @Override
            public void onError(AsyncEvent event) {
                answer.abandon();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        BridgeChannel channel = bridge.open(address(request.getRemoteAddr(), request.getRemotePort()),
                address(request.getLocalAddr(), request.getLocalPort()), answer);
        answer.channel(channel);
        channel.receive(forwarded);
    }

    static FullHttpRequest forwarded(HttpServletRequest request, byte[] body) {
        String query = request.getQueryString();
        String path = SocketIoSettings.PATH + (request.getPathInfo() == null ? "" : request.getPathInfo());
        FullHttpRequest forwarded = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.getMethod()), query == null ? path : path + "?" + query,
                Unpooled.wrappedBuffer(body));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    forwarded.headers().add(name, value);
                }
            }
        }
        forwarded.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return forwarded;
    }

    /** The body, or {@code null} when it is longer than {@code limit}. */
    private static byte[] readBody(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    /** The container's address as netty-socketio expects it; an address literal is parsed, a name never looked up. */
    static InetSocketAddress address(String host, int port) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        if (host.matches("[0-9A-Fa-f:.%\\[\\]]+")) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                // Not a literal after all.
            }
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    static void refuse(HttpServletResponse response, int status, String json) throws IOException {
        response.setStatus(status);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            response.setContentType("application/json");
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
