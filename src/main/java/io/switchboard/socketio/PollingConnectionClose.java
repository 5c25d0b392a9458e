package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Says {@code Connection: close} on the direct port's HTTP responses. netty-socketio closes the connection after every
 * polling response while its header says {@code keep-alive}, so a client with a connection pool (Node's agent, the
 * JDK's client, OkHttp) sends its next poll on a connection the server is closing and sees {@code socket hang up}:
 * the first poll after the handshake failed so. With the header the client opens a new connection, as netty-socketio
 * expects. Not on the app server's port: there the container owns the connection, and keeps it alive.
 */
@ChannelHandler.Sharable
final class PollingConnectionClose extends ChannelOutboundHandlerAdapter {

    static final String NAME = "switchboardPollingConnectionClose";
    static final PollingConnectionClose INSTANCE = new PollingConnectionClose();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && !(ctx.channel() instanceof BridgeChannel)
                && response.status().code() != 101) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        super.write(ctx, msg, promise);
    }
}
