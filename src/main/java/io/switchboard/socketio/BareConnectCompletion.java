package io.switchboard.socketio;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Gives a bare Socket.IO CONNECT ({@code 40}, a client without {@code auth}) an empty payload ({@code 40{}}).
 * netty-socketio consults its auth listeners only for a CONNECT with a payload and accepts a bare one unasked, which
 * would let a client without a token in (the listener then looks for {@code ?token=}).
 */
@ChannelHandler.Sharable
final class BareConnectCompletion extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardBareConnect";
    static final BareConnectCompletion INSTANCE = new BareConnectCompletion();

    private static final String BARE_CONNECT = "40";
    private static final String EMPTY_AUTH_CONNECT = "40{}";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PacketsMessage packets && packets.getClient().getEngineIOVersion() == EngineIOVersion.V4) {
            ByteBuf content = packets.getContent();
            // Only short inputs can hold a bare CONNECT worth rewriting; anything else passes untouched.
            if (content.readableBytes() <= 64) {
                String text = content.toString(StandardCharsets.UTF_8);
                String completed = complete(text, packets.getTransport());
                if (!completed.equals(text)) {
                    // The original buffer is left to netty-socketio, which releases it (as BinaryAttachmentAssembly does).
                    ctx.fireChannelRead(new PacketsMessage(packets.getClient(),
                            Unpooled.copiedBuffer(completed, StandardCharsets.UTF_8), packets.getTransport()));
                    return;
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** A WebSocket frame is one packet; a polling body packets separated by the record separator. */
    static String complete(String text, Transport transport) {
        if (transport == Transport.WEBSOCKET) {
            return BARE_CONNECT.equals(text) ? EMPTY_AUTH_CONNECT : text;
        }
        String separator = String.valueOf(BinaryPacketAssembler.SEPARATOR);
        return Arrays.stream(text.split(separator, -1))
                .map(packet -> BARE_CONNECT.equals(packet) ? EMPTY_AUTH_CONNECT : packet)
                .collect(Collectors.joining(separator));
    }
}
