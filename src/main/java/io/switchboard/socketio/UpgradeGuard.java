package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a session to the transport it upgraded to, as Engine.IO v4 requires and netty-socketio does not: once a
 * session is on WebSocket (it sent the {@code upgrade} packet, or opened on WebSocket), polling requests for it are
 * refused, and so is a second WebSocket for the same session while one is open (accepted and closed at once, as the
 * reference server does). Both would otherwise rebind the session to the newcomer's channel.
 */
@ChannelHandler.Sharable
final class UpgradeGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardUpgradeGuard";
    private static final byte UPGRADE_PACKET = '5';

    private final String path;
    private final Set<UUID> upgraded = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Channel> websockets = new ConcurrentHashMap<>();

    UpgradeGuard(String path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PacketsMessage packets && packets.getTransport() == Transport.WEBSOCKET
                && isUpgradePacket(packets.getContent())) {
            upgraded.add(packets.getClient().getSessionId());
        } else if (msg instanceof FullHttpRequest request && refuses(ctx.channel(), request)) {
            if (isWebSocket(request)) {
                acceptAndClose(ctx, request);
            } else {
                request.release();
                EngineIoGate.refuse(ctx, EngineIoRules.BAD_REQUEST);
            }
            return;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * The reference server's answer to a WebSocket for a session that has one already, or has upgraded: it accepts
     * the WebSocket and closes it at once. A 400 instead is raised by strict clients (the {@code ws} package) as an
     * unhandled error.
     */
    private static void acceptAndClose(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        try {
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                    "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri(), null, true)
                    .newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                return;
            }
            handshaker.handshake(channel, request).addListener(done -> {
                if (done.isSuccess()) {
                    handshaker.close(channel, new CloseWebSocketFrame());
                } else {
                    channel.close();
                }
            });
        } finally {
            request.release();
        }
    }

    private static boolean isWebSocket(FullHttpRequest request) {
        List<String> transport = new QueryStringDecoder(request.uri()).parameters().get("transport");
        return transport != null && transport.contains("websocket");
    }

    /** A session opened on WebSocket, with no polling phase. */
    void openedOnWebSocket(UUID sessionId) {
        upgraded.add(sessionId);
    }

    void forget(UUID sessionId) {
        upgraded.remove(sessionId);
    }

    private boolean refuses(Channel channel, FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        if (!query.path().equals(path)) {
            return false;
        }
        UUID sid = sid(query.parameters());
        if (sid == null) {
            return false;
        }
        List<String> transport = query.parameters().get("transport");
        if (transport != null && transport.contains("websocket")) {
            Channel existing = websockets.get(sid);
            if (upgraded.contains(sid) || (existing != null && existing != channel && existing.isActive())) {
                return true;
            }
            websockets.put(sid, channel);
            channel.closeFuture().addListener(closed -> websockets.remove(sid, channel));
            return false;
        }
        return upgraded.contains(sid);
    }

    private static boolean isUpgradePacket(ByteBuf content) {
        return content.readableBytes() == 1 && content.getByte(content.readerIndex()) == UPGRADE_PACKET;
    }

    private static UUID sid(Map<String, List<String>> query) {
        List<String> sid = query.get("sid");
        if (sid == null || sid.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(sid.get(0));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
