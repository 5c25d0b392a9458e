package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.switchboard.testing.SocketIoTestClient;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine reached without a socket: requests fired into a {@link BridgeChannel} get netty-socketio's HTTP answers
 * as objects; once a WebSocket is upgraded, the connection's bytes go both ways, framed by Netty's own codecs.
 */
@Timeout(30)
class BridgeChannelsTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.7", 40000);

    private SocketIoEngine engine;

    @BeforeEach
    void start() {
        engine = EngineIoConformanceTest.engine(SocketIoTestClient.freePort(), 25000, 20000);
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.stop();
    }

    /** What a sink was written, as text: {@code "101"}, {@code "200 <body>"}, {@code "frame <text>"}. */
    private static final class Recorder implements BridgeChannel.Sink {
        final BlockingQueue<String> written = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);
        private final StringBuilder body = new StringBuilder();
        private int status;

        private final ByteArrayOutputStream frames = new ByteArrayOutputStream();

        @Override
        public void write(Object message) {
            if (message instanceof ByteBuf bytes) {
                frames.writeBytes(ByteBufUtil.getBytes(bytes));
                serverFrames();
                return;
            }
            assertTrue(message instanceof HttpResponse || message instanceof HttpContent, "not an object: " + message);
            if (message instanceof HttpResponse response) {
                status = response.status().code();
            }
            if (message instanceof HttpContent content) {
                body.append(content.content().toString(StandardCharsets.UTF_8));
            }
            if (message instanceof LastHttpContent || status == 101) {
                written.add(status == 101 ? "101" : status + " " + body);
                body.setLength(0);
            }
        }

        @Override
        public void closed() {
            closed.countDown();
        }

        /** Whole unmasked text frames from the server (RFC 6455 5.2), as {@code "frame <text>"}. */
        private void serverFrames() {
            byte[] all = frames.toByteArray();
            int at = 0;
            while (all.length - at >= 2) {
                int length = all[at + 1] & 0x7f;
                int header = 2;
                if (length == 126) {
                    if (all.length - at < 4) {
                        break;
                    }
                    length = ((all[at + 2] & 0xff) << 8) | (all[at + 3] & 0xff);
                    header = 4;
                }
                if (all.length - at < header + length) {
                    break;
                }
                assertEquals(0x81, all[at] & 0xff, "a final text frame, unmasked");
                written.add("frame " + new String(all, at + header, length, StandardCharsets.UTF_8));
                at += header + length;
            }
            frames.reset();
            frames.write(all, at, all.length - at);
        }

        String next() throws InterruptedException {
            String next = written.poll(10, TimeUnit.SECONDS);
            if (next == null) {
                throw new AssertionError("nothing written within 10 s");
            }
            return next;
        }
    }

    @Test
    void aPollingHandshakeIsAnsweredWithTheOpenPacketAndTheChannelClosed() throws Exception {
        Recorder sink = new Recorder();
        BridgeChannel channel = engine.bridge().open(CLIENT, null, sink);
        channel.receive(get("/ws/chat/?EIO=4&transport=polling"));

        String answer = sink.next();
        assertTrue(answer.startsWith("200 0{"), answer);
        assertTrue(new JSONObject(answer.substring("200 0".length())).has("sid"), answer);
        assertTrue(sink.closed.await(10, TimeUnit.SECONDS), "netty-socketio closes a poll's channel once answered");
        assertEquals(0, awaitOpenChannels(0));
    }

    @Test
    void aWebSocketIsUpgradedAndThenItsBytesAreFramedByNetty() throws Exception {
        Recorder sink = new Recorder();
        BridgeChannel channel = engine.bridge().open(CLIENT, null, sink);
        FullHttpRequest upgrade = get("/ws/chat/?EIO=4&transport=websocket");
        upgrade.headers().set("Connection", "Upgrade").set("Upgrade", "websocket")
                .set("Sec-WebSocket-Version", "13").set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        channel.receive(upgrade);

        assertEquals("101", sink.next());
        String open = sink.next();
        assertTrue(open.startsWith("frame 0{"), open);
        channel.receive(maskedText("40"));
        String connected = sink.next();
        assertTrue(connected.startsWith("frame 40{\"sid\":"), connected);
        channel.receive(maskedText("42[\"join\",{\"room\":\"ops\"}]"));
        assertEquals(1, engine.sessions());

        channel.closeLater();
        assertTrue(sink.closed.await(10, TimeUnit.SECONDS));
        assertEquals(0, awaitOpenChannels(0));
    }

    @Test
    void refusalsArriveAsResponsesToo() throws Exception {
        for (String uri : List.of("/ws/chat/?EIO=3&transport=polling", "/ws/chat/?EIO=4&transport=polling&sid=x")) {
            Recorder sink = new Recorder();
            engine.bridge().open(CLIENT, null, sink).receive(get(uri));
            String answer = sink.next();
            assertTrue(answer.startsWith("400 {\"code\":"), uri + ": " + answer);
        }
    }

    /** A client's text frame: clients mask every frame (RFC 6455 5.3), and Netty's decoder insists on it. */
    private static ByteBuf maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        ByteBuf frame = Unpooled.buffer(6 + payload.length);
        frame.writeByte(0x81).writeByte(0x80 | payload.length).writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.writeByte(payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private int awaitOpenChannels(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.bridgeChannels() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return engine.bridgeChannels();
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
    }
}
