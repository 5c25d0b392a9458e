package io.switchboard.socketio;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/** Refuses, with 400 and an Engine.IO error, requests to the Socket.IO path that break {@link EngineIoRules}. */
@ChannelHandler.Sharable
final class EngineIoGate extends ChannelInboundHandlerAdapter {

    static final String NAME = "switchboardEngineIoGate";

    private final String path;

    EngineIoGate(String path) {
        this.path = path;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            if (query.path().startsWith(path) && !query.path().equals(path)) {
                // netty-socketio takes it for its endpoint and then leaves it unanswered.
                request.release();
                refuse(ctx, EngineIoRules.BAD_REQUEST);
                return;
            }
            if (query.path().equals(path)) {
                EngineIoRules.Refusal refusal = EngineIoRules.check(request.method().name(), query.parameters());
                if (refusal != null) {
                    request.release();
                    refuse(ctx, refusal);
                    return;
                }
            }
        }
        super.channelRead(ctx, msg);
    }

    static void refuse(ChannelHandlerContext ctx, EngineIoRules.Refusal refusal) {
        ctx.writeAndFlush(badRequest(refusal)).addListener(ChannelFutureListener.CLOSE);
    }

    static FullHttpResponse badRequest(EngineIoRules.Refusal refusal) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                Unpooled.copiedBuffer(refusal.toJson(), StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
