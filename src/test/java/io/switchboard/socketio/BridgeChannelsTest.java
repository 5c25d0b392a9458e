package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.switchboard.testing.SocketIoTestClient;
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
 * The engine reached without a socket: requests and frames fired into a {@link BridgeChannel} get netty-socketio's
 * answers as objects (responses, then frames once upgraded), never as encoded bytes.
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

        @Override
        public void write(Object message) {
            if (message instanceof TextWebSocketFrame frame) {
                written.add("frame " + frame.text());
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
        BridgeChannels.receive(channel, get("/ws/chat/?EIO=4&transport=polling"));

        String answer = sink.next();
        assertTrue(answer.startsWith("200 0{"), answer);
        assertTrue(new JSONObject(answer.substring("200 0".length())).has("sid"), answer);
        assertTrue(sink.closed.await(10, TimeUnit.SECONDS), "netty-socketio closes a poll's channel once answered");
        assertEquals(0, awaitOpenChannels(0));
    }

    @Test
    void aWebSocketIsUpgradedAndThenSpeaksInFrames() throws Exception {
        Recorder sink = new Recorder();
        BridgeChannel channel = engine.bridge().open(CLIENT, null, sink);
        FullHttpRequest upgrade = get("/ws/chat/?EIO=4&transport=websocket");
        upgrade.headers().set("Connection", "Upgrade").set("Upgrade", "websocket")
                .set("Sec-WebSocket-Version", "13").set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        BridgeChannels.receive(channel, upgrade);

        assertEquals("101", sink.next());
        String open = sink.next();
        assertTrue(open.startsWith("frame 0{"), open);
        BridgeChannels.receive(channel, new TextWebSocketFrame("40"));
        String connected = sink.next();
        assertTrue(connected.startsWith("frame 40{\"sid\":"), connected);
        BridgeChannels.receive(channel, new TextWebSocketFrame("42[\"join\",{\"room\":\"ops\"}]"));
        assertEquals(1, engine.sessions());

        BridgeChannels.close(channel);
        assertTrue(sink.closed.await(10, TimeUnit.SECONDS));
        assertEquals(0, awaitOpenChannels(0));
    }

    @Test
    void refusalsArriveAsResponsesToo() throws Exception {
        for (String uri : List.of("/ws/chat/?EIO=3&transport=polling", "/ws/chat/?EIO=4&transport=polling&sid=x")) {
            Recorder sink = new Recorder();
            BridgeChannels.receive(engine.bridge().open(CLIENT, null, sink), get(uri));
            String answer = sink.next();
            assertTrue(answer.startsWith("400 {\"code\":"), uri + ": " + answer);
        }
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
