package io.switchboard.websocket;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.message.InvalidInputException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a {@code /ws/messages} client sends, whole messages after the pipeline's framing: JSON text frames are carried
 * out and acked ({@link WebSocketRequests}), binary frames get an error ack, pings a pong, and a close frame the
 * close handshake. Runs on the connection's event loop, so requests are handled and acked one at a time, in order.
 */
final class MessagesHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(MessagesHandler.class.getName());
    private static final int INTERNAL_ERROR = 1011;

    private final WebSocketConnection connection;
    private final WebSocketRequests requests;

    MessagesHandler(WebSocketConnection connection, WebSocketRequests requests) {
        this.connection = connection;
        this.requests = requests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            WebSocketClient client = connection.client();
            if (message instanceof TextWebSocketFrame text) {
                if (client != null) {
                    connection.sendText(requests.handle(client, text.text()));
                }
            } else if (message instanceof BinaryWebSocketFrame) {
                if (client != null) {
                    connection.sendText(Frames.error(null, new InvalidInputException(InvalidInputException.BAD_REQUEST,
                            "unsupported_frame", null, "binary frames are not supported; send JSON text frames")));
                }
            } else if (message instanceof PingWebSocketFrame ping) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
            } else if (message instanceof CloseWebSocketFrame close) {
                closedByPeer(close);
            }
            // Pongs need nothing.
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    /** RFC 6455 5.5.1: answer the peer's close frame with one of ours (its code echoed), then close. */
    private void closedByPeer(CloseWebSocketFrame close) {
        int code = close.statusCode();
        connection.endedBecause("closed: " + (code < 0 ? 1005 : code) + " " + close.reasonText());
        CloseWebSocketFrame answer;
        try {
            answer = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
        } catch (IllegalArgumentException e) {
            answer = new CloseWebSocketFrame(); // a code we may not send back
        }
        connection.closeOnLoop(answer);
    }

    /** What {@link ProtocolViolations} did not answer: a failure of the server's, not the client's. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.endedBecause("failed: " + cause);
        LOG.log(Level.WARNING, "WebSocket request failed", cause);
        connection.closeOnLoop(new CloseWebSocketFrame(INTERNAL_ERROR, "internal error"));
    }
}
