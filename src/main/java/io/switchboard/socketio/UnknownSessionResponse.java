package io.switchboard.socketio;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Turns netty-socketio's answer to a polling request for a session it does not know (closed, timed out, never
 * opened), an empty {@code 500}, into Engine.IO's {@code 400 {"code":1,"message":"Session ID unknown"}}: the client
 * did something wrong, not the server. It is the only {@code 500} netty-socketio's polling transport sends.
 */
@ChannelHandler.Sharable
final class UnknownSessionResponse extends ChannelOutboundHandlerAdapter {

    static final String NAME = "switchboardUnknownSession";

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !(msg instanceof FullHttpResponse)
                && HttpResponseStatus.INTERNAL_SERVER_ERROR.equals(response.status())) {
            super.write(ctx, EngineIoGate.badRequest(EngineIoRules.SESSION_UNKNOWN), promise);
            return;
        }
        super.write(ctx, msg, promise);
    }
}
