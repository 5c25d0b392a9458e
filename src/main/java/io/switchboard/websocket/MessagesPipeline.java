package io.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * The WebSocket framing of a {@code /ws/messages} connection: Netty's RFC 6455 codec, the same one that frames
 * Socket.IO's WebSockets, so the product has one WebSocket engine. Masked client frames only, no extensions, UTF-8
 * checked, fragments joined up to the limit; a protocol violation is answered with the close code the RFC names
 * (1002, 1007, 1009; {@link ProtocolViolations}) and closes that connection only.
 */
final class MessagesPipeline {

    private MessagesPipeline() {
    }

    /**
     * @param maxBytes    the largest message (and frame) taken in; beyond it the connection closes with 1009
     * @param onViolation told why the connection ends when the client breaks the protocol
     */
    static void install(ChannelPipeline pipeline, int maxBytes, Consumer<String> onViolation, ChannelHandler handler) {
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .maxFramePayloadLength(maxBytes)
                .closeOnProtocolViolation(false) // ProtocolViolations answers them
                .build();
        // The encoder first, so that every frame written by the handlers after it passes through it.
        pipeline.addLast(new WebSocket13FrameEncoder(false), new WebSocket13FrameDecoder(config),
                new Utf8FrameValidator(false), new WebSocketFrameAggregator(maxBytes),
                new ProtocolViolations(onViolation), handler);
    }

    /**
     * A text frame as the server sends it (unmasked), framed once by the same encoder, so that a fan-out writes the
     * same bytes to every client instead of framing the event again for each.
     */
    static byte[] textFrame(String text) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        try {
            encoder.writeOutbound(new TextWebSocketFrame(text));
            ByteArrayOutputStream frame = new ByteArrayOutputStream(text.length() + 10);
            ByteBuf part;
            while ((part = encoder.readOutbound()) != null) {
                try {
                    byte[] bytes = new byte[part.readableBytes()];
                    part.readBytes(bytes);
                    frame.writeBytes(bytes);
                } finally {
                    part.release();
                }
            }
            return frame.toByteArray();
        } finally {
            encoder.finishAndReleaseAll();
        }
    }
}
