package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;
import io.switchboard.upgrade.BridgeLoopThreads;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app server's entry point into the engine: makes a {@link BridgeChannel} per client connection, with the same
 * pipeline (netty-socketio's handlers and Switchboard's rules) as a connection to the direct port, and hands it what
 * the client sent. Its channels run on event loops of their own, so a burst on one entry point does not wait for the
 * other's threads.
 */
final class BridgeChannels {

    private final EventLoopGroup loops;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelInitializer<Channel> pipeline;

    BridgeChannels(GuardedChannelInitializer initializer) {
        this.loops = new DefaultEventLoopGroup(2 * Runtime.getRuntime().availableProcessors(),
                BridgeLoopThreads.create("switchboard-socketio-bridge"));
        this.pipeline = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                initializer.initBridge(channel.pipeline());
            }
        };
    }

    /** A new channel for one client connection, registered and active; what it writes goes to {@code sink}. */
    BridgeChannel open(InetSocketAddress remote, InetSocketAddress local, BridgeChannel.Sink sink) {
        BridgeChannel channel = new BridgeChannel(remote, local, sink);
        channel.pipeline().addLast(pipeline);
        open.incrementAndGet();
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        loops.register(channel);
        return channel;
    }

    /** Channels made and not yet closed. */
    int openChannels() {
        return open.get();
    }

    void stop(Duration grace) {
        loops.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(grace.toMillis());
    }
}
