package io.switchboard.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.switchboard.testing.ClientFrames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The framing of {@code /ws/messages}, driven with raw client frames as RFC 6455 writes them. */
class MessagesPipelineTest {

    private static final int LIMIT = 1000;

    private final List<Object> received = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    MessagesPipelineTest() {
        MessagesPipeline.install(channel.pipeline(), LIMIT, violations::add, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object message) {
                received.add(message);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failures.add(cause);
            }
        });
    }

    @Test
    void anEventIsFramedOnceAsAnUnmaskedTextFrame() {
        String text = "{\"kind\":\"event\",\"content\":\"" + "é".repeat(300) + "\"}";
        byte[] frame = MessagesPipeline.textFrame(text);
        assertEquals((byte) 0x81, frame[0], "FIN and opcode 1");
        assertEquals(0, frame[1] & 0x80, "a server's frames are not masked");

        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).build()));
        client.writeInbound(Unpooled.wrappedBuffer(frame));
        TextWebSocketFrame decoded = client.readInbound();
        assertEquals(text, decoded.text());
        decoded.release();
    }

    @Test
    void anEventIsFramedAsNettysEncoderFramesItAtEveryLengthBoundary() {
        for (int length : new int[] {0, 1, 125, 126, 127, 1000, 65535, 65536, 70000}) {
            String text = "x".repeat(length);
            assertArrayEquals(nettysFrame(text), MessagesPipeline.textFrame(text), "length " + length);
        }
        String multiByte = "\u00e9\u20ac\ud83d\ude00".repeat(40); // 360 bytes of UTF-8 in 160 chars
        assertArrayEquals(nettysFrame(multiByte), MessagesPipeline.textFrame(multiByte));
    }

    /** What Netty's server-side encoder writes for a final text frame. */
    private static byte[] nettysFrame(String text) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        encoder.writeOutbound(new TextWebSocketFrame(text));
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (ByteBuf part; (part = encoder.readOutbound()) != null; part.release()) {
            frame.writeBytes(ByteBufUtil.getBytes(part));
        }
        encoder.finishAndReleaseAll();
        return frame.toByteArray();
    }

    @Test
    void fragmentsAreJoinedIntoOneMessage() {
        channel.writeInbound(clientFrame(false, 0x1, "{\"action\":".getBytes(StandardCharsets.UTF_8)));
        channel.writeInbound(clientFrame(true, 0x0, "\"join\"}".getBytes(StandardCharsets.UTF_8)));
        TextWebSocketFrame message = assertInstanceOf(TextWebSocketFrame.class, received.get(0));
        assertEquals("{\"action\":\"join\"}", message.text());
        assertEquals(1, received.size());
    }

    @Test
    void anUnmaskedClientFrameIsAProtocolError() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}));
        assertEquals(1002, closeSent());
        assertFalse(channel.isOpen());
        assertTrue(received.isEmpty());
        assertEquals(1, violations.size(), violations.toString());
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() {
        channel.writeInbound(clientFrame(true, 0x1, new byte[] {(byte) 0xff, (byte) 0xfe}));
        assertEquals(1007, closeSent());
        assertFalse(channel.isOpen());
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() {
        channel.writeInbound(clientFrame(true, 0x1, new byte[LIMIT + 1]));
        assertEquals(1009, closeSent());
        assertFalse(channel.isOpen());
        assertTrue(received.isEmpty());
    }

    @Test
    void fragmentsOverTheLimitCloseWith1009() {
        channel.writeInbound(clientFrame(false, 0x1, "a".repeat(600).getBytes(StandardCharsets.UTF_8)));
        channel.writeInbound(clientFrame(true, 0x0, "b".repeat(600).getBytes(StandardCharsets.UTF_8)));
        assertTrue(received.isEmpty(), received.toString());
        assertEquals(1009, closeSent());
        assertFalse(channel.isOpen());
        assertTrue(violations.get(0).contains(TooLongFrameException.class.getName()), violations.toString());
    }

    @Test
    void aCloseFrameWithABadCodeIsAnsweredWith1002() {
        // Netty's decoder would close without a close frame here; the reference server answers 1002.
        channel.writeInbound(clientFrame(true, 0x8, new byte[] {0x03, (byte) 0xe7}));
        assertEquals(1002, closeSent());
        assertFalse(channel.isOpen());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    /** The close code of the frame the pipeline wrote, decoded from its bytes. */
    private int closeSent() {
        ByteBuf written = channel.readOutbound();
        assertTrue(written != null, "no close frame written");
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).build()));
        client.writeInbound(written);
        CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, client.readInbound());
        int code = close.statusCode();
        close.release();
        assertNull(channel.readOutbound(), "one close frame");
        assertTrue(channel.isOpen(), "the client has a moment to read the close frame");
        channel.advanceTimeBy(ProtocolViolations.CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        return code;
    }

    private static ByteBuf clientFrame(boolean fin, int opcode, byte[] payload) {
        return Unpooled.wrappedBuffer(ClientFrames.masked((fin ? 0x80 : 0) | opcode, payload));
    }
}
