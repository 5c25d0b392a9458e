package io.switchboard.socketio;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;

/**
 * Notes on the channel whether the WebSocket message being read is a binary or a text frame. netty-socketio hands
 * both to its decoder alike, as a {@code PacketsMessage} of bytes, but only binary frames can be attachments: the
 * {@link BinaryAttachmentAssembly} needs to tell an attachment from an Engine.IO packet that comes between a binary
 * header and its attachments (the {@code 5} of an upgrade, when the header went by polling). Sits in front of
 * netty-socketio's WebSocket transport, which fires the message on the same thread while the note is current.
 */
@ChannelHandler.Sharable
final class WebSocketFrameKind extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardWebSocketFrameKind";
    static final WebSocketFrameKind INSTANCE = new WebSocketFrameKind();

    private static final AttributeKey<Boolean> BINARY = AttributeKey.valueOf("switchboard.webSocketFrameBinary");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // The first frame of a fragmented message says what it is; continuations and control frames do not.
        if (msg instanceof BinaryWebSocketFrame) {
            ctx.channel().attr(BINARY).set(Boolean.TRUE);
        } else if (msg instanceof TextWebSocketFrame) {
            ctx.channel().attr(BINARY).set(Boolean.FALSE);
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the WebSocket message now being read on {@code channel} came as a binary frame. */
    static boolean isBinary(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(BINARY).get());
    }
}
