package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;
import io.switchboard.upgrade.BridgedWebSocket;
import io.switchboard.upgrade.UpgradedOutputCounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.switchboard.testing.SocketIoTestClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the servlet learns from netty-socketio before it upgrades a connection: the engine's own answer to the upgrade
 * request (Netty's handshake, so the accept key is the one the client's key asks for), or its refusal.
 */
@Timeout(30)
class BridgedWebSocketTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.7", 40000);
    // RFC 6455 1.3: this key's accept value.
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

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

    @Test
    void theHandshakeIsNettysAnswerToTheClientsKey() throws Exception {
        BridgedWebSocket socket = new BridgedWebSocket("test client", 1013, 10, 2, 1000, why -> {
        }, new UpgradedOutputCounts());
        BridgeChannel channel = engine.bridge().open(CLIENT, null, socket);
        socket.channel(channel);
        channel.receive(upgrade("/ws/chat/?EIO=4&transport=websocket"));

        BridgedWebSocket.Answer answer = socket.handshake().get(10, TimeUnit.SECONDS);
        assertEquals(101, answer.status());
        assertEquals(ACCEPT, answer.headers().get("Sec-WebSocket-Accept"));
        assertEquals("websocket", answer.headers().get("Upgrade").toLowerCase());
        socket.abandon();
        assertTrue(channel.closeFuture().await(10, TimeUnit.SECONDS), "an abandoned upgrade closes its channel");
    }

    @Test
    void aRefusalIsTheEnginesStatusAndBody() throws Exception {
        BridgedWebSocket socket = new BridgedWebSocket("test client", 1013, 10, 2, 1000, why -> {
        }, new UpgradedOutputCounts());
        BridgeChannel channel = engine.bridge().open(CLIENT, null, socket);
        socket.channel(channel);
        channel.receive(upgrade("/ws/chat/?EIO=3&transport=websocket"));

        BridgedWebSocket.Answer answer = socket.handshake().get(10, TimeUnit.SECONDS);
        assertNotNull(answer, "answered, not closed unanswered");
        assertEquals(400, answer.status());
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("{\"code\":"), body);
    }

    @Test
    void aSlowClientIsClosedWithTryAgainLater() {
        byte[] frame = BridgedWebSocket.closeFrame(1013, "too slow");
        byte[] reason = "too slow".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[4 + reason.length];
        expected[0] = (byte) 0x88; // FIN + close
        expected[1] = (byte) (2 + reason.length); // unmasked, as from a server
        expected[2] = 0x03;
        expected[3] = (byte) 0xF5; // 1013
        System.arraycopy(reason, 0, expected, 4, reason.length);
        assertArrayEquals(expected, frame);
    }

    private static FullHttpRequest upgrade(String uri) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri,
                Unpooled.EMPTY_BUFFER);
        request.headers().set("Host", "127.0.0.1").set("Connection", "Upgrade").set("Upgrade", "websocket")
                .set("Sec-WebSocket-Version", "13").set("Sec-WebSocket-Key", KEY);
        return request;
    }
}
