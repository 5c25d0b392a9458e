package io.switchboard.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/**
 * Sends a binary packet's attachments over WebSocket as Engine.IO v4 does: each one a binary message of its bytes
 * alone. netty-socketio 2.0.14 puts Engine.IO v3's message type ({@code 4}) in front of them, so a v4 client got each
 * attachment one byte too long. The only binary messages it writes are attachments, so each loses its first byte
 * here. Sits after the HTTP encoder in pipeline order, so it sees netty-socketio's frames before the WebSocket
 * encoder (which the upgrade puts in the HTTP encoder's place) turns them into bytes.
 */
@ChannelHandler.Sharable
final class WebSocketAttachmentFrames extends ChannelOutboundHandlerAdapter {

    static final String NAME = "switchboardWebSocketAttachments";
    static final WebSocketAttachmentFrames INSTANCE = new WebSocketAttachmentFrames();

    /** Engine.IO v3's type byte of a message packet, which v4 does not have in binary messages. */
    static final byte V3_MESSAGE_TYPE = 4;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof BinaryWebSocketFrame frame && frame.isFinalFragment()) {
            ByteBuf content = frame.content();
            if (content.isReadable() && content.getByte(content.readerIndex()) == V3_MESSAGE_TYPE) {
                content.skipBytes(1);
            }
        }
        ctx.write(msg, promise);
    }
}
