package io.switchboard.websocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.upgrade.BridgeChannel;
import io.switchboard.upgrade.BridgedWebSocket;
import io.switchboard.upgrade.UpgradedOutputCounts;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code /ws/messages} connection as the server holds it once the container has upgraded it: a socketless Netty
 * channel whose pipeline does the WebSocket framing ({@link MessagesPipeline}), and a {@link BridgedWebSocket} that
 * writes the framed bytes to the container's upgraded connection without blocking. Its frames are written on the
 * channel's event loop only, so they leave in the order they were sent; a client that does not keep up is closed
 * with 1008 instead of holding a thread.
 */
final class WebSocketConnection {

    /** Why a connection ended when nobody said otherwise: the container or the peer dropped it. */
    static final String CONNECTION_LOST = "closed: 1006 connection lost";
    private static final int POLICY_VIOLATION = 1008;

    private final BridgeChannel channel;
    private final BridgedWebSocket socket;
    private final AtomicReference<String> ended = new AtomicReference<>();
    private volatile WebSocketClient client;

    WebSocketConnection(EventLoopGroup loops, WebSocketSettings settings, int maxBytes, WebSocketRequests requests,
                        UpgradedOutputCounts outputs) {
        // One buffer per frame: events come framed already, and the encoder writes an ack under 1 KB as one buffer
        // (a larger one, a history answer, counts twice).
        this.socket = new BridgedWebSocket("WebSocket client", POLICY_VIOLATION, settings.clientQueue(), 1,
                settings.writeTimeoutMillis(), this::endedBecause, outputs);
        this.channel = new BridgeChannel(null, null, socket); // addresses: the registry has them
        MessagesPipeline.install(channel.pipeline(), maxBytes, this::endedBecause,
                new MessagesHandler(this, requests));
        socket.channel(channel);
        loops.register(channel);
    }

    BridgedWebSocket socket() {
        return socket;
    }

    EventLoop loop() {
        return channel.eventLoop();
    }

    ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** The admitted client; {@code null} while the connection is not (yet, or ever) admitted. */
    WebSocketClient client() {
        return client;
    }

    void admit(WebSocketClient admitted) {
        client = admitted;
    }

    /** Why it ended (the first reason given), once it has. */
    String why() {
        String why = ended.get();
        return why == null ? CONNECTION_LOST : why;
    }

    /** Records why the connection ends; the first reason given stays. */
    void endedBecause(String why) {
        ended.compareAndSet(null, why);
    }

    /** A text frame, on the channel's event loop. */
    void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    }

    /** A frame framed already ({@link MessagesPipeline#textFrame}), on the channel's event loop. */
    void sendFramed(byte[] frame) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
    }

    /** Sends a close frame and closes the connection after it; from any thread, once (later calls do nothing). */
    void close(int code, String reason, String why) {
        endedBecause(why);
        try {
            String text = CloseReasons.truncate(reason);
            channel.eventLoop().execute(() -> closeOnLoop(new CloseWebSocketFrame(code, text)));
        } catch (RejectedExecutionException e) {
            channel.close(); // the loops have stopped
        }
    }

    /** On the channel's event loop: {@code frame} goes out, then the connection closes (the writer drains first). */
    void closeOnLoop(CloseWebSocketFrame frame) {
        if (channel.isActive()) {
            channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
        } else {
            frame.release();
        }
    }

    /** The upgrade did not happen: nothing is written, and the channel goes. */
    void abandon() {
        endedBecause("upgrade failed");
        socket.abandon();
    }
}
