package io.switchboard.socketio;

import io.switchboard.upgrade.BridgedWebSocket;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Bounds what a Socket.IO client on the direct port may leave unread over WebSocket. netty-socketio hands every packet
 * to Netty at once ({@code EncoderHandler} drains the client's queue into {@code writeAndFlush}), and Netty queues in
 * its {@code ChannelOutboundBuffer} whatever the socket cannot take, without limit and without a timeout: a client that
 * stops reading keeps all it is sent in the server's memory for as long as its TCP connection lives (even after its
 * ping timeout, whose disconnect packet waits behind the rest). This handler drops the connection, as the other
 * transports drop a client that does not keep up, when
 * <ul>
 * <li>more than {@code maxFrames} WebSocket frames are waiting to be written to its socket (counted from their write
 * until Netty reports them written or failed), or</li>
 * <li>it has stayed unwritable (its outbound bytes above the channel's high water mark, 64 KiB by default) for longer
 * than {@code writeTimeoutMillis} without a break, once it carries WebSocket frames.</li>
 * </ul>
 * The reasons are those a {@code Mailbox} gives, so {@code DropCause} counts both as {@code slow_client}. One instance
 * per channel; its state is touched on the channel's event loop only. Not on the app server's port: there the bridge's
 * {@code BridgedWebSocket} bounds the same thing with its own queue.
 */
final class SlowWebSocketCutoff extends ChannelDuplexHandler {

    static final String NAME = "switchboardSlowWebSocketCutoff";

    private static final Logger LOG = Logger.getLogger(SlowWebSocketCutoff.class.getName());

    private final int maxFrames;
    private final long writeTimeoutMillis;
    private final Consumer<String> onDropped;
    private int pendingFrames;
    private boolean webSocket;
    private ScheduledFuture<?> unwritableCheck;
    private boolean dropped;

    /** @param onDropped told why, once, when this handler closes the connection */
    SlowWebSocketCutoff(int maxFrames, long writeTimeoutMillis, Consumer<String> onDropped) {
        this.maxFrames = maxFrames;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.onDropped = onDropped;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!(msg instanceof WebSocketFrame) || dropped) {
            super.write(ctx, msg, promise);
            return;
        }
        webSocket = true;
        pendingFrames++;
        // netty-socketio's writes carry a promise of their own; a void one gets a real one, to learn when it is done.
        ChannelPromise tracked = promise.unvoid();
        tracked.addListener(done -> pendingFrames--);
        super.write(ctx, msg, tracked);
        if (pendingFrames > maxFrames) {
            drop(ctx, "queue full (" + maxFrames + " frames): the client does not keep up");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            cancelCheck();
        } else if (webSocket && unwritableCheck == null && !dropped) {
            // WebSocket connections only: a polling response is written once, and closing its connection would lose
            // the packets it carries while the session lives on.
            unwritableCheck = ctx.executor().schedule(() -> {
                unwritableCheck = null;
                // Still unwritable: it never became writable since, or the check would have been cancelled.
                if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
                    drop(ctx, "write failed: " + new TimeoutException("unwritable for over " + writeTimeoutMillis
                            + " ms: the client does not keep up"));
                }
            }, writeTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelCheck();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelCheck();
    }

    /** Frames handed to Netty and not yet written to the socket. */
    int pendingFrames() {
        return pendingFrames;
    }

    private void drop(ChannelHandlerContext ctx, String reason) {
        if (dropped) {
            return;
        }
        dropped = true;
        cancelCheck();
        LOG.fine(() -> "Socket.IO client dropped on " + ctx.channel() + ": " + reason);
        onDropped.accept(reason);
        // No close frame: it could not get past what the client did not read. Closing fails the queued writes, which
        // frees their buffers; netty-socketio sees the channel go and disconnects the session.
        ctx.channel().close();
    }

    private void cancelCheck() {
        if (unwritableCheck != null) {
            unwritableCheck.cancel(false);
            unwritableCheck = null;
        }
    }
}
