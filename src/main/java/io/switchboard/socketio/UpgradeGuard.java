package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a session to the transport it upgraded to, as Engine.IO v4 requires and netty-socketio does not: once a
 * session is on WebSocket (it sent the {@code upgrade} packet, or opened on WebSocket), polling requests for it are
 * refused, and so is a second WebSocket for the same session while one is open. Both would otherwise rebind the
 * session to the newcomer's channel.
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
            request.release();
            EngineIoGate.refuse(ctx, EngineIoRules.BAD_REQUEST);
            return;
        }
        super.channelRead(ctx, msg);
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
