package io.switchboard.socketio;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What stands in for netty-socketio's encoders on a {@link BridgeChannel}, whose bytes the application server writes.
 * The HTTP decoder needs no stand-in: a Netty decoder passes on what is not bytes, and the bridge fires decoded
 * requests and frames.
 */
final class BridgeCodecs {

    /** Netty's WebSocket handshake adds its frame encoder under this name. */
    static final String NETTY_FRAME_ENCODER = "wsencoder";

    private BridgeCodecs() {
    }

    /**
     * An {@link HttpResponseEncoder} that encodes nothing. It must still be one: Netty's WebSocket handshake finds the
     * response encoder by its class to put the frame encoder beside it, and removes it once the 101 is written.
     */
    static final class ResponsesAsObjects extends HttpResponseEncoder {
        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return false;
        }
    }

    /**
     * Takes Netty's WebSocket frame encoder out again as the handshake's 101 response goes by, before any frame is
     * written, so the bridge receives frames, not bytes. Sits on the head side of both encoders: the 101 passes it
     * last, when the handshake has already put the frame encoder in.
     */
    @ChannelHandler.Sharable
    static final class FramesAsObjects extends ChannelOutboundHandlerAdapter {

        static final String NAME = "switchboardFramesAsObjects";
        static final FramesAsObjects INSTANCE = new FramesAsObjects();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse response
                    && HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())
                    && ctx.pipeline().get(NETTY_FRAME_ENCODER) != null) {
                ctx.pipeline().remove(NETTY_FRAME_ENCODER);
            }
            super.write(ctx, msg, promise);
        }
    }
}
