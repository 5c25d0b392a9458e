package io.switchboard.upgrade;

import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * A Netty channel with no socket under it: one connection of the application server (an HTTP request of a polling
 * client, or a WebSocket session) as netty-socketio's pipeline sees it. What the client sends is fired into the
 * pipeline as decoded HTTP and WebSocket objects; what the pipeline writes reaches the {@link Sink} as objects too
 * (the bridge pipeline's encoders pass them through), and the application server writes them to the client. So the
 * app server's port reaches the same engine, sessions and rooms as the direct port, without a socket or a descriptor
 * of its own per client.
 */
public final class BridgeChannel extends AbstractChannel {

    /** Receives what the pipeline writes, on the channel's event loop; must copy what it keeps (it is released after). */
    public interface Sink {
        void write(Object message);

        /** The channel closed, from either side; called once. */
        void closed();
    }

    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    private final ChannelConfig config = new DefaultChannelConfig(this);
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Sink sink;
    private volatile boolean open = true;

    /** @param remote the client's address ({@code null} when the container does not tell); netty-socketio reads it */
    public BridgeChannel(InetSocketAddress remote, InetSocketAddress local, Sink sink) {
        super(null);
        this.remote = remote;
        this.local = local;
        this.sink = sink;
    }

    /**
     * Passes what the client sent (a {@code FullHttpRequest}, a {@code WebSocketFrame} or raw bytes) into the
     * pipeline, in order with everything passed before, on the channel's event loop.
     */
    public void receive(Object message) {
        eventLoop().execute(() -> {
            if (!isOpen()) {
                ReferenceCountUtil.release(message);
                return;
            }
            pipeline().fireChannelRead(message);
            pipeline().fireChannelReadComplete();
        });
    }

    /** Closes the channel on its event loop. */
    public void closeLater() {
        try {
            eventLoop().execute(this::close);
        } catch (RejectedExecutionException e) {
            // The loops have stopped: they closed every channel on their way out.
        }
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Active from the start: the client is connected by the time a channel is made for it. */
    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new AbstractUnsafe() {
            @Override
            public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
                promise.setFailure(new UnsupportedOperationException("a bridge channel is connected when made"));
            }
        };
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof SingleThreadEventLoop;
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a bridge channel is bound when made");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (open) {
            open = false;
            sink.closed();
        }
    }

    @Override
    protected void doBeginRead() {
        // Nothing to read: the application server pushes what the client sends with fireChannelRead.
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        Object message;
        while ((message = in.current()) != null) {
            if (open) {
                sink.write(message);
            }
            in.remove();
        }
    }
}
