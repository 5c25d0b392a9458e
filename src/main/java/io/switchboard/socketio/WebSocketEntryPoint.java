package io.switchboard.socketio;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Socket.IO over WebSocket on the app server's own port ({@code ws://host:8000/ws/chat/}). The container does the
 * upgrade; the session is then handed to the same engine as the direct port's connections, on a
 * {@link BridgeChannel}, as the WebSocket request netty-socketio would have seen ({@link BridgeHandshake} keeps its
 * headers), and its frames go back and forth as decoded frames.
 */
@ServerEndpoint(value = SocketIoSettings.PATH + "/", configurator = BridgeHandshake.class)
public class WebSocketEntryPoint {

    private static final Logger LOG = Logger.getLogger(WebSocketEntryPoint.class.getName());
    // Any valid key: netty-socketio's handshake answers it, the container has answered the client's already.
    private static final String HANDSHAKE_KEY = "c3dpdGNoYm9hcmQtYnJpZGdlIQ==";

    @Inject
    SocketIoTransport transport;

    private BridgeChannel channel;
    private int maxPayload;

    @OnOpen
    public void open(Session session) throws IOException {
        BridgeChannels bridge = transport.bridge();
        if (bridge == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "Socket.IO is not running"));
            return;
        }
        maxPayload = transport.maxPayload();
        // Larger messages are closed by the container (1009), as netty closes them on the direct port.
        session.setMaxTextMessageBufferSize(maxPayload);
        session.setMaxBinaryMessageBufferSize(maxPayload);
        session.setMaxIdleTimeout(0);
        BridgedWebSocket peer = transport.bridgedWebSocket(session);
        channel = bridge.open(BridgeHandshake.remoteAddress(session), null, peer);
        BridgeChannels.receive(channel, upgradeRequest(session));
    }

    @OnMessage
    public void text(Session session, String text) throws IOException {
        if (channel == null) {
            return;
        }
        if (text.length() > maxPayload / 4 && text.getBytes(StandardCharsets.UTF_8).length > maxPayload) {
            // Tyrus checks its buffer size only for fragmented messages; a single frame over the limit lands here.
            session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message over " + maxPayload + " bytes"));
            return;
        }
        BridgeChannels.receive(channel, new TextWebSocketFrame(text));
    }

    @OnMessage
    public void binary(Session session, ByteBuffer bytes) throws IOException {
        if (channel == null) {
            return;
        }
        if (bytes.remaining() > maxPayload) {
            session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message over " + maxPayload + " bytes"));
            return;
        }
        // Copied: the container may reuse its buffer once this returns.
        BridgeChannels.receive(channel, new BinaryWebSocketFrame(Unpooled.copiedBuffer(bytes)));
    }

    @OnClose
    public void close(CloseReason reason) {
        if (channel != null) {
            BridgeChannels.close(channel);
        }
    }

    @OnError
    public void error(Throwable error) {
        LOG.fine(() -> "Socket.IO WebSocket error on the app server's port: " + error);
        if (channel != null) {
            BridgeChannels.close(channel);
        }
    }

    private static FullHttpRequest upgradeRequest(Session session) {
        String query = session.getQueryString();
        String path = SocketIoSettings.PATH + "/";
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                query == null || query.isEmpty() ? path : path + "?" + query, Unpooled.EMPTY_BUFFER);
        for (Map.Entry<String, List<String>> header : BridgeHandshake.headers(session).entrySet()) {
            if (!BridgeHandshake.isConnectionHeader(header.getKey())) {
                header.getValue().forEach(value -> request.headers().add(header.getKey(), value));
            }
        }
        request.headers()
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13")
                .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, HANDSHAKE_KEY);
        return request;
    }
}
