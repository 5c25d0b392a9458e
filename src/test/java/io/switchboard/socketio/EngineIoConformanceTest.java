package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.message.MessageValidator;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.SocketIoTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Engine.IO v4 protocol points netty-socketio misses on its own, checked with raw HTTP and WebSocket requests
 * (https://socket.io/docs/v4/engine-io-protocol/).
 */
@Timeout(60)
class EngineIoConformanceTest {

    static final String PATH = "/ws/chat/?EIO=4&transport=polling";
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int PING_INTERVAL = 300;
    static final int PING_TIMEOUT = 400;
    static final int MAX_PAYLOAD = 200_000;

    static int port;
    static SocketIoEngine engine;

    @BeforeAll
    static void start() {
        port = SocketIoTestClient.freePort();
        engine = new SocketIoEngine(new SocketIoSettings("127.0.0.1", port, List.of(), PING_INTERVAL, PING_TIMEOUT,
                MAX_PAYLOAD), new ClientRequests(new MessageValidator(1 << 20), d -> d.accepted("1-0", Instant.now())),
                new ConnectionRegistry(), EngineIoConformanceTest.class.getClassLoader());
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Test
    void handshakeNamesMaxPayload() throws Exception {
        RawHttp.Response open = get(PATH);

        assertEquals(200, open.status());
        assertTrue(open.body().startsWith("0{"), open.body());
        JSONObject handshake = new JSONObject(open.body().substring(1));
        assertEquals(MAX_PAYLOAD, handshake.getInt("maxPayload"));
        assertEquals(PING_INTERVAL, handshake.getInt("pingInterval"));
        assertEquals(PING_TIMEOUT, handshake.getInt("pingTimeout"));
        assertEquals("websocket", handshake.getJSONArray("upgrades").getString(0));
    }

    static RawHttp.Response get(String path) {
        return RawHttp.request(port, "GET", path, null, TIMEOUT);
    }

    static RawHttp.Response post(String path, String body) {
        return RawHttp.request(port, "POST", path, body, TIMEOUT);
    }
}
