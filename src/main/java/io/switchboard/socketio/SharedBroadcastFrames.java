package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.transport.NamespaceClient;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;

/**
 * Sends a broadcast to WebSocket clients as the bytes it was encoded to once, rather than encoding it again for each.
 * netty-socketio queues a packet per recipient and its encoder builds each one's text from scratch (a Jackson
 * serialization and a packet assembly per client, about a quarter of the fan-out's time in the profiles of
 * {@code bench/NOTES.md}). In front of that encoder, this takes the packets at the head of a WebSocket client's queue
 * that carry a {@link SharedPayload}, encodes the first with the engine's own encoder, keeps those bytes in the
 * payload, and writes them as a text frame to every client after. Anything else (acks, pings, binary packets, a
 * packet too large for one frame, polling) stays queued, in order, for the engine's encoder, which also sends
 * whatever follows it. {@link LoopBroadcast} writes a broadcast through here without queueing it at all
 * ({@link #writeNow}) when nothing waits in the client's queue.
 */
@ChannelHandler.Sharable
final class SharedBroadcastFrames extends ChannelOutboundHandlerAdapter {

    static final String NAME = "switchboard-shared-broadcast-frames";

    /** Where this handler sits in a channel's pipeline: what {@link #writeNow} writes from. */
    private static final AttributeKey<ChannelHandlerContext> CONTEXT =
            AttributeKey.valueOf("switchboard-shared-broadcast-frames-context");

    private final PacketEncoder encoder;
    private final int maxFramePayload;

    SharedBroadcastFrames(PacketEncoder encoder, int maxFramePayload) {
        this.encoder = encoder;
        this.maxFramePayload = maxFramePayload;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(CONTEXT).set(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ctx.channel().attr(CONTEXT).set(null);
    }

    /**
     * On {@code channel}'s event loop: writes event {@code name} with {@code payload} to the WebSocket client on it as
     * the bytes encoded once, and flushes, when nothing waits in its queue to go first. The frame then takes the way
     * the engine's own frames take from here on (the slow-client bounds, the bridge's queue).
     *
     * @return whether it was written; if not, it is for the engine's own send, which keeps the order
     */
    boolean writeNow(Channel channel, NamespaceClient client, String name, SharedPayload payload) {
        ChannelHandlerContext ctx = channel.attr(CONTEXT).get();
        ClientHead head = client.getBaseClient();
        if (ctx == null || !head.isConnected() || !head.getPacketsQueue(Transport.WEBSOCKET).isEmpty()) {
            return false;
        }
        String namespace = client.getNamespace().getName();
        byte[] bytes = payload.encoded(namespace);
        if (bytes == null) {
            bytes = encode(event(head, namespace, name, payload), ctx.alloc());
            payload.keep(namespace, bytes);
        }
        if (bytes.length > maxFramePayload) {
            return false;
        }
        ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)), ctx.voidPromise());
        return true;
    }

    /** The packet netty-socketio's {@code sendEvent} makes of it for this client. */
    private static Packet event(ClientHead head, String namespace, String name, SharedPayload payload) {
        Packet packet = new Packet(PacketType.MESSAGE, head.getEngineIOVersion());
        packet.setSubType(PacketType.EVENT);
        packet.setNsp(namespace);
        packet.setName(name);
        packet.setData(List.of(payload));
        return packet;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof OutPacketMessage out && out.getTransport() == Transport.WEBSOCKET) {
            writeShared(ctx, out.getClientHead().getPacketsQueue(Transport.WEBSOCKET));
        }
        // The engine's encoder sends what is left, completes the promise, and the caller's flush sends it all.
        ctx.write(msg, promise);
    }

    private void writeShared(ChannelHandlerContext ctx, Queue<Packet> queue) {
        Packet head;
        while ((head = queue.peek()) != null) {
            SharedPayload shared = SharedPayload.of(head);
            if (shared == null) {
                return;
            }
            byte[] bytes = shared.encoded(head.getNsp());
            if (bytes == null) {
                bytes = encode(head, ctx.alloc());
                shared.keep(head.getNsp(), bytes);
            }
            // The engine's encoder splits a packet over the frame limit into continuation frames; left to it.
            // And a packet taken off the queue meanwhile (an upgrade hands the queue over) is not sent here twice.
            if (bytes.length > maxFramePayload || !queue.remove(head)) {
                return;
            }
            ctx.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
        }
    }

    /** The packet as the engine's encoder writes it into a WebSocket frame. */
    private byte[] encode(Packet packet, ByteBufAllocator alloc) {
        ByteBuf out = encoder.allocateBuffer(alloc);
        try {
            encoder.encodePacket(packet, out, alloc, true);
            return ByteBufUtil.getBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a raw JSON value written into a buffer: no I/O to fail
        } finally {
            out.release();
        }
    }
}
