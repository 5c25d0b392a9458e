package io.switchboard.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Answers every RFC 6455 violation a client commits with the close frame the RFC names, then closes that connection:
 * 1002 (protocol error), 1007 (text that is not UTF-8), 1009 (a frame or message over the limit).
 * <p>
 * Why here and not in Netty's decoder ({@code closeOnProtocolViolation} is off in {@link MessagesPipeline}): for an
 * invalid close frame (a code such as 999, a one-byte body) Netty's decoder closes the connection without any close
 * frame, where the reference server ({@code ws}, in {@code WebSocketDifferentialIT}) answers 1002. So all violations
 * are answered in this one place, the same way.
 */
final class ProtocolViolations extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(ProtocolViolations.class.getName());

    /** How long a violating client has to read the close frame before the connection goes. */
    static final long CLOSE_GRACE_MILLIS = 1000;

    private final Consumer<String> onViolation;
    private boolean closing;

    /** @param onViolation told why the connection ends */
    ProtocolViolations(Consumer<String> onViolation) {
        this.onViolation = onViolation;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus status;
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            status = corrupted.closeStatus();
        } else if (cause instanceof TooLongFrameException) {
            // The fragments of one message add up to more than the limit.
            status = WebSocketCloseStatus.MESSAGE_TOO_BIG;
        } else {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.fine(() -> "WebSocket protocol violation, closing with " + status.code() + ": " + cause.getMessage());
        onViolation.accept("failed: " + cause);
        if (ctx.channel().isActive() && !closing) {
            closing = true;
            String reason = cause.getMessage() == null ? status.reasonText() : cause.getMessage();
            ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), CloseReasons.truncate(reason)));
            // Closed a moment later, not at once: a client still sending (the rest of an oversized frame) would get
            // a TCP reset for the unread bytes, and a reset can destroy the close frame before the client reads it
            // (it then sees 1006). Meanwhile the decoder discards whatever else arrives.
            ctx.executor().schedule(() -> ctx.channel().close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
