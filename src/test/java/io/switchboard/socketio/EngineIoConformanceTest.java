package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.message.MessageValidator;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import io.switchboard.history.HistoryPage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
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
    /*
     * The server's defaults. These raw clients never answer a ping sent in a poll: with heartbeats of a second or
     * two, a session would be closed (as Engine.IO requires) whenever a test's steps took longer than that, which
     * a loaded machine makes them do. Only the heartbeat test runs on a server with short heartbeats.
     */
    static final int PING_INTERVAL = 25_000;
    static final int PING_TIMEOUT = 20_000;
    static final int SHORT_PING_INTERVAL = 1000;
    static final int SHORT_PING_TIMEOUT = 1500;
    static final int MAX_PAYLOAD = 200_000;

    static int port;
    static SocketIoEngine engine;

    @BeforeAll
    static void start() {
        port = SocketIoTestClient.freePort();
        engine = engine(port, PING_INTERVAL, PING_TIMEOUT);
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    static SocketIoEngine engine(int port, int pingInterval, int pingTimeout) {
        return engine(port, pingInterval, pingTimeout, false);
    }

    static SocketIoEngine engine(int port, int pingInterval, int pingTimeout, boolean compression) {
        return new SocketIoEngine(new SocketIoSettings("127.0.0.1", port, List.of(), pingInterval, pingTimeout,
                MAX_PAYLOAD, compression), new ClientRequests(new MessageValidator(1 << 20), d -> d.accepted("1-0", Instant.now()),
                        request -> CompletableFuture.completedFuture(new HistoryPage(List.of(), false))),
                new ConnectionRegistry(), EngineIoConformanceTest.class.getClassLoader());
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

    @Test
    void badOpeningRequestsAreRefusedWith400AndTheReferenceErrorCodes() {
        assertRefused(get("/ws/chat/?transport=polling"), 5);
        assertRefused(get("/ws/chat/?EIO=3&transport=polling"), 5);
        assertRefused(get("/ws/chat/?EIO=abc&transport=polling"), 5);
        assertRefused(get("/ws/chat/?EIO=4&transport=carrier-pigeon"), 0);
        assertRefused(get("/ws/chat/?EIO=4"), 0);
        assertRefused(post(PATH, "40"), 2);
        assertRefused(RawHttp.request(port, "PUT", PATH + "&sid=" + open(), "x", TIMEOUT), 3);
    }

    @Test
    void anUnknownSessionIs400() {
        assertRefused(get(PATH + "&sid=" + java.util.UUID.randomUUID()), 1);
        assertRefused(post(PATH + "&sid=" + java.util.UUID.randomUUID(), "40"), 1);
    }

    @Test
    void pollingPingPongKeepsASessionAliveAndSilenceClosesIt() throws Exception {
        int shortPort = SocketIoTestClient.freePort();
        SocketIoEngine shortHeartbeats = engine(shortPort, SHORT_PING_INTERVAL, SHORT_PING_TIMEOUT);
        shortHeartbeats.start();
        try {
            String session = PATH + "&sid=" + new JSONObject(get(shortPort, PATH).body().substring(1)).getString("sid");
            assertEquals("ok", post(shortPort, session, "40").body());
            assertTrue(get(shortPort, session).body().startsWith("40"));
            long until = System.nanoTime()
                    + Duration.ofMillis(2 * (SHORT_PING_INTERVAL + SHORT_PING_TIMEOUT)).toNanos();
            while (System.nanoTime() < until) {
                // The server pings in the poll; the client answers with a pong.
                String polled = get(shortPort, session).body();
                assertTrue(polled.contains("2"), polled);
                assertEquals("ok", post(shortPort, session, "3").body());
            }
            assertEquals(200, get(shortPort, session).status(), "still open after two ping timeouts");

            Thread.sleep(SHORT_PING_INTERVAL + SHORT_PING_TIMEOUT + 500);

            assertRefused(get(shortPort, session), 1);
        } finally {
            shortHeartbeats.stop();
        }
    }

    @Test
    void aClosePacketEndsTheSession() {
        String session = PATH + "&sid=" + open();
        assertEquals("ok", post(session, "40").body());
        assertTrue(get(session).body().startsWith("40"));

        assertEquals("ok", post(session, "1").body());

        // netty-socketio answers a POST before it reads the packets in it: the close takes effect just after.
        RawHttp.Response after = get(session);
        for (int i = 0; i < 20 && after.status() == 200; i++) {
            after = get(session);
        }
        assertRefused(after, 1);
        assertRefused(post(session, "42[\"message\",{}]"), 1);
    }

    @Test
    void afterTheUpgradePollingAndASecondWebSocketAreRefused() throws Exception {
        String sid = open();
        String session = PATH + "&sid=" + sid;
        assertEquals("ok", post(session, "40").body());
        assertTrue(get(session).body().startsWith("40"));

        try (RawWebSocket socket = RawWebSocket.open(port, "/ws/chat/?EIO=4&transport=websocket&sid=" + sid)) {
            socket.send("2probe");
            assertEquals("3probe", socket.await(text -> text.equals("3probe")));
            socket.send("5");
            // The upgrade is done once the server has read "5"; a request over the socket proves it has.
            socket.send("421[\"message\",{\"type\":\"text\",\"content\":\"x\",\"sender\":\"s\"}]");
            assertTrue(socket.await(text -> text.startsWith("431")).contains("\"ok\":true"));

            assertRefused(get(session), 3);
            assertRefused(post(session, "42[\"message\",{}]"), 3);
            assertAcceptedAndClosed("/ws/chat/?EIO=4&transport=websocket&sid=" + sid);

            socket.send("422[\"message\",{\"type\":\"text\",\"content\":\"y\",\"sender\":\"s\"}]");
            assertTrue(socket.await(text -> text.startsWith("432")).contains("\"ok\":true"), "the first socket still works");
        }
    }

    @Test
    void aSessionOpenedOnWebSocketRefusesPollingAndASecondWebSocket() throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/ws/chat/?EIO=4&transport=websocket")) {
            String sid = new JSONObject(socket.await(text -> text.startsWith("0{")).substring(1)).getString("sid");
            socket.send("40");
            socket.await(text -> text.startsWith("40"));

            assertRefused(get(PATH + "&sid=" + sid), 3);
            assertAcceptedAndClosed("/ws/chat/?EIO=4&transport=websocket&sid=" + sid);
            socket.send("421[\"message\",{\"type\":\"text\",\"content\":\"x\",\"sender\":\"s\"}]");
            assertTrue(socket.await(text -> text.startsWith("431")).contains("\"ok\":true"));
        }
    }

    @Test
    void webSocketCompressionIsOfferedOnlyWhenConfigured() throws Exception {
        String plain = upgradeResponseHead(port);
        assertTrue(plain.startsWith("HTTP/1.1 101"), plain);
        assertFalse(plain.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"), plain);

        int compressingPort = SocketIoTestClient.freePort();
        SocketIoEngine compressing = engine(compressingPort, PING_INTERVAL, PING_TIMEOUT, true);
        compressing.start();
        try {
            String deflating = upgradeResponseHead(compressingPort);
            assertTrue(deflating.startsWith("HTTP/1.1 101"), deflating);
            assertTrue(deflating.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"),
                    deflating);
        } finally {
            compressing.stop();
        }
    }

    /** The head of the answer to a WebSocket opening request that offers permessage-deflate, as a browser does. */
    static String upgradeResponseHead(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String request = "GET /ws/chat/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while (head.indexOf("\r\n\r\n") < 0 && (c = in.read()) != -1) {
                head.append((char) c);
            }
            return head.toString();
        }
    }

    /** The reference server's answer to a WebSocket for a session that has one: accepted, then closed at once. */
    static void assertAcceptedAndClosed(String path) throws Exception {
        try (RawWebSocket second = RawWebSocket.open(port, path)) {
            assertTrue(second.awaitClosed(TIMEOUT), "the second WebSocket is closed");
        }
    }

    static String open() {
        try {
            return new JSONObject(get(PATH).body().substring(1)).getString("sid");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertRefused(RawHttp.Response response, int code) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("{\"code\":" + code + ",", response.body().substring(0, response.body().indexOf(',') + 1),
                response.toString());
    }

    static RawHttp.Response get(String path) {
        return get(port, path);
    }

    static RawHttp.Response post(String path, String body) {
        return post(port, path, body);
    }

    static RawHttp.Response get(int port, String path) {
        return RawHttp.request(port, "GET", path, null, TIMEOUT);
    }

    static RawHttp.Response post(int port, String path, String body) {
        return RawHttp.request(port, "POST", path, body, TIMEOUT);
    }
}
