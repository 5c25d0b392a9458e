package io.switchboard.websocket;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.nio.charset.StandardCharsets;
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
     * A text frame as the server sends it (final, unmasked), framed once so that a fan-out writes the same bytes to
     * every client instead of framing the event again for each. The header is RFC 6455's, written here rather than
     * by running Netty's encoder on a channel made for each event (that channel was a tenth of a publish's CPU in
     * {@code bench/NOTES.md}'s profile); {@code MessagesPipelineTest} holds it to Netty's encoder byte for byte.
     */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81; // FIN, opcode 1 (text)
        if (length < 126) {
            frame[1] = (byte) length;
        } else if (length <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
