package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Sits in front of netty-socketio's packet decoder and refuses binary Socket.IO packets (see
 * {@link BinaryPacketFilter}): the sender gets an error ack, or an {@code error} event when it asked for no ack, and
 * its connection stays up. Both transports hand their input to the decoder as a {@link PacketsMessage}: one per
 * WebSocket frame, one per polling request body.
 */
@ChannelHandler.Sharable
final class BinaryAttachmentGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardBinaryGuard";

    private static final Logger LOG = Logger.getLogger(BinaryAttachmentGuard.class.getName());

    // Only sessions in the middle of a refused packet, or that ever sent one, have a filter.
    private final Map<UUID, BinaryPacketFilter> filters = new ConcurrentHashMap<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PacketsMessage packets)
                || packets.getClient().getEngineIOVersion() != EngineIOVersion.V4) {
            ctx.fireChannelRead(msg);
            return;
        }
        ClientHead client = packets.getClient();
        ByteBuf content = packets.getContent();
        if (packets.getTransport() == Transport.WEBSOCKET) {
            boolean binary = WebSocketFrameKind.isBinary(ctx.channel());
            String head = content.toString(content.readerIndex(),
                    Math.min(content.readableBytes(), BinaryHeader.MAX_HEAD_LENGTH), StandardCharsets.ISO_8859_1);
            BinaryPacketFilter filter = filters.get(client.getSessionId());
            if (filter == null && (binary || BinaryHeader.parse(head) == null)) {
                ctx.fireChannelRead(msg);
                return;
            }
            filter = filters.computeIfAbsent(client.getSessionId(), id -> new BinaryPacketFilter());
            if (filter.acceptFrame(head, binary, header -> refuse(client, header))) {
                ctx.fireChannelRead(msg);
            }
            return;
        }
        // Polling: a body is at most max-payload bytes, and decoding it once more is cheap next to the HTTP round trip.
        String body = content.toString(StandardCharsets.UTF_8);
        BinaryPacketFilter filter = filters.get(client.getSessionId());
        if ((filter == null || filter.isIdle()) && !BinaryPacketFilter.mayNeedFiltering(body)) {
            ctx.fireChannelRead(msg);
            return;
        }
        filter = filters.computeIfAbsent(client.getSessionId(), id -> new BinaryPacketFilter());
        String kept = filter.filterPayload(body, header -> refuse(client, header));
        if (!kept.isEmpty()) {
            ctx.fireChannelRead(new PacketsMessage(client, Unpooled.copiedBuffer(kept, StandardCharsets.UTF_8),
                    Transport.POLLING));
        }
    }

    /** Forgets a closed session. */
    void forget(UUID sessionId) {
        filters.remove(sessionId);
    }

    private static void refuse(ClientHead client, BinaryHeader header) {
        LOG.fine(() -> "Refused a binary Socket.IO packet of session " + client.getSessionId() + ": " + header);
        if (!header.event()) {
            return; // A binary answer to an ack we never request: nobody waits for a reply.
        }
        Packet packet = new Packet(PacketType.MESSAGE, client.getEngineIOVersion());
        packet.setNsp(header.namespace());
        if (header.ackId() != null) {
            packet.setSubType(PacketType.ACK);
            packet.setAckId(header.ackId());
            packet.setData(List.of(Replies.failed(Replies.binaryNotSupported())));
        } else {
            packet.setSubType(PacketType.EVENT);
            packet.setName(SocketIoEngine.ERROR_EVENT);
            packet.setData(List.of(Replies.error(Replies.binaryNotSupported())));
        }
        client.send(packet);
    }
}
