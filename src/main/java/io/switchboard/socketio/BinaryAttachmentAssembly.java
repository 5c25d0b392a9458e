package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Puts binary Socket.IO packets together in front of netty-socketio 2.0.14's packet decoder, which mis-decodes them
 * (upstream issues #940, #997): it takes whatever message follows a binary header for its attachment (a pong, the
 * upgrade's {@code 5}), reads an attachment starting with a zero byte or with digits and {@code :} as a packet of
 * its own, base64-encodes a polling {@code b} packet once more with its {@code b}, gives listeners base64 text in
 * place of bytes, and hands an empty event to the listeners for every attachment it collects. Here a
 * {@link BinaryPacketAssembler} per session collects header and attachments (binary WebSocket messages, told by
 * {@link WebSocketFrameKind}, or {@code b} packets of polling bodies), and the engine gets the packet as a plain one
 * with the bytes beside it ({@link BinaryAttachments}). Malformed binary traffic, and a packet over
 * {@code max-payload} in all, closes that client's connection.
 */
@ChannelHandler.Sharable
final class BinaryAttachmentAssembly extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardBinaryAttachments";

    private static final Logger LOG = Logger.getLogger(BinaryAttachmentAssembly.class.getName());

    private final int maxPayload;
    // Only sessions that ever sent a binary packet have an assembler.
    private final Map<UUID, BinaryPacketAssembler> assemblers = new ConcurrentHashMap<>();

    BinaryAttachmentAssembly(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PacketsMessage packets)
                || packets.getClient().getEngineIOVersion() != EngineIOVersion.V4) {
            ctx.fireChannelRead(msg);
            return;
        }
        ClientHead client = packets.getClient();
        ByteBuf content = packets.getContent();
        BinaryPacketAssembler assembler = assemblers.get(client.getSessionId());
        List<BinaryPacketAssembler.Piece> pieces;
        try {
            if (packets.getTransport() == Transport.WEBSOCKET) {
                boolean binary = WebSocketFrameKind.isBinary(ctx.channel());
                if (!binary && (assembler == null || assembler.isIdle()) && !startsBinaryPacket(content)) {
                    ctx.fireChannelRead(msg);
                    return;
                }
                BinaryPacketAssembler forSession = assembler(client);
                // A session's last polling request may still be read while its first WebSocket message is (the
                // upgrade): one at a time.
                synchronized (forSession) {
                    pieces = forSession.frame(ByteBufUtil.getBytes(content), binary);
                }
            } else {
                // Polling: a body is at most max-payload bytes, and reading it once more is cheap next to the HTTP round trip.
                String body = content.toString(StandardCharsets.UTF_8);
                if ((assembler == null || assembler.isIdle()) && !BinaryPacketAssembler.mayNeedAssembly(body)) {
                    ctx.fireChannelRead(msg);
                    return;
                }
                BinaryPacketAssembler forSession = assembler(client);
                synchronized (forSession) {
                    pieces = forSession.payload(body);
                }
            }
        } catch (BinaryPacketAssembler.MalformedException e) {
            LOG.fine(() -> "Closing Socket.IO session " + client.getSessionId() + ": " + e.getMessage());
            assemblers.remove(client.getSessionId());
            close(ctx, client, packets.getTransport(), e.tooLarge());
            return;
        }
        // The original buffer is left to netty-socketio, which releases it (as SocketIoPacketRules does).
        for (BinaryPacketAssembler.Piece piece : pieces) {
            if (piece instanceof BinaryPacketAssembler.Assembled binaryPacket) {
                BinaryAttachments.during(binaryPacket.attachments(), () -> ctx.fireChannelRead(
                        message(client, binaryPacket.packet(), packets.getTransport())));
            } else if (piece instanceof BinaryPacketAssembler.Text text) {
                ctx.fireChannelRead(message(client, text.packets(), packets.getTransport()));
            }
        }
    }

    /** Forgets a closed session. */
    void forget(UUID sessionId) {
        assemblers.remove(sessionId);
    }

    private BinaryPacketAssembler assembler(ClientHead client) {
        return assemblers.computeIfAbsent(client.getSessionId(), id -> new BinaryPacketAssembler(maxPayload));
    }

    private static boolean startsBinaryPacket(ByteBuf content) {
        int at = content.readerIndex();
        return content.readableBytes() >= 2 && content.getByte(at) == '4'
                && (content.getByte(at + 1) == '5' || content.getByte(at + 1) == '6');
    }

    private static PacketsMessage message(ClientHead client, String packets, Transport transport) {
        return new PacketsMessage(client, Unpooled.copiedBuffer(packets, StandardCharsets.UTF_8), transport);
    }

    private static void close(ChannelHandlerContext ctx, ClientHead client, Transport transport, boolean tooLarge) {
        if (transport == Transport.WEBSOCKET) {
            // netty-socketio ends the session when its WebSocket closes, as when the client goes away.
            CloseWebSocketFrame close = tooLarge ? new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG)
                    : new CloseWebSocketFrame(WebSocketCloseStatus.PROTOCOL_ERROR);
            ctx.channel().writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.disconnect();
        }
    }
}
