package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.SocketIoTestClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client identity and the per-address connection cap, against a node started with a low cap
 * ({@code switchboard.max-connections-per-address=5}) that trusts 127.0.0.1 as a proxy. Clients appear at other
 * addresses by connecting from 127.0.0.2 (a bare socket bound to it) or through the trusted 127.0.0.1 with an
 * {@code X-Forwarded-For}; each test uses addresses of its own (documentation ranges), so none sees another's
 * connections.
 */
class ClientAddressIT {

    private static final int CAP = 5;
    private static final String PROXY = "127.0.0.1";
    private static final String OTHER_LOOPBACK = "127.0.0.2";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static PayaraNode node;
    private static int socketIoPort;
    private static HttpClient http;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() throws IOException {
        socketIoPort = PayaraNode.freePort();
        node = PayaraNode.start("addresses", Map.of(
                "switchboard.max-connections-per-address", String.valueOf(CAP),
                "switchboard.trusted-proxies", PROXY,
                "switchboard.socketio.port", String.valueOf(socketIoPort),
                // Closed SSE clients are noticed at the next heartbeat: once a second, so freed slots show quickly.
                "switchboard.sse.heartbeat-interval", "1000"));
        node.awaitHealth(body -> body.contains("\"status\":\"UP\""));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /** Each test leaves the node without connections, so the next one counts only its own. */
    @AfterEach
    void closeConnections() throws Exception {
        for (AutoCloseable connection : opened) {
            connection.close();
        }
        opened.clear();
        SystemTestSupport.awaitValue(() -> get("api/connections").body(), body -> body.contains("\"count\":0"),
                SystemTestSupport.CLEANUP_TIMEOUT, Duration.ofMillis(200), "no connection left");
    }

    private <T extends AutoCloseable> T track(T connection) {
        opened.add(connection);
        return connection;
    }

    private SourcedConnection sse(String source, String forwardedFor) throws IOException {
        return track(SourcedConnection.sse(node.base(), "api/events", source, forwardedFor, TIMEOUT));
    }

    private SourcedConnection webSocket(String source, String forwardedFor) throws IOException {
        return track(SourcedConnection.webSocket(node.base(), source, forwardedFor, TIMEOUT));
    }

    // ------------------------------------------------------------------------------------------ the cap

    @Test
    void anAddressAtTheCapIsRefusedOnSseAndWebSocketWhileOthersConnect() throws IOException {
        String capped = "198.51.100.1";
        List<SourcedConnection> held = new ArrayList<>();
        for (int i = 0; i < CAP - 1; i++) {
            held.add(expectStream(sse(PROXY, capped)));
        }
        held.add(expectWelcome(webSocket(PROXY, capped))); // the cap counts every transport together

        SourcedConnection refused = sse(PROXY, capped);
        assertEquals(429, refused.status(), refused.toString());
        assertTrue(refused.header("Content-Type").startsWith("application/json"), refused.header("Content-Type"));
        JsonObject error = JsonSupport.parse(refused.body()).asJsonObject();
        assertEquals("too_many_connections", error.getString("error"), refused.body());
        assertTrue(error.getString("detail").contains("switchboard.max-connections-per-address"), refused.body());
        assertEquals(429, SourcedConnection.sse(node.base(), "stream?channel=sse", PROXY, capped, TIMEOUT).status(),
                "the Flask-style stream too");

        SourcedConnection refusedSocket = webSocket(PROXY, capped);
        assertEquals(101, refusedSocket.status());
        assertEquals(1008, refusedSocket.closeCode(), refusedSocket.toString());
        assertEquals("too_many_connections", refusedSocket.text());

        // Other addresses are not held up: another forwarded one, the proxy itself, another peer.
        expectStream(sse(PROXY, "198.51.100.2"));
        expectWelcome(webSocket(PROXY, "198.51.100.2"));
        expectStream(sse(PROXY, null));
        expectStream(sse(OTHER_LOOPBACK, null));
        expectWelcome(webSocket(OTHER_LOOPBACK, null));
        assertEquals(200, get("api/health").statusCode());
        assertEquals(CAP, connectionsFrom(capped).size(), "the refused were never registered");

        String metrics = get("api/metrics").body();
        assertTrue(metrics.contains("switchboard_connections_refused_total{transport=\"sse\",cause=\"too_many_connections\"}"),
                metrics);
        assertTrue(metrics.contains(
                "switchboard_connections_refused_total{transport=\"websocket\",cause=\"too_many_connections\"}"), metrics);

        // Closing frees the slots: one for an SSE stream, one for the WebSocket.
        held.get(0).close();
        held.get(CAP - 1).close();
        awaitConnectionsFrom(capped, CAP - 2);
        expectStream(sse(PROXY, capped));
        expectWelcome(webSocket(PROXY, capped));
        expectRefused(sse(PROXY, capped));
    }

    @Test
    void aPeerAddressIsCappedAsAForwardedOneIs() throws Exception {
        // 127.0.0.2 is no trusted proxy: its own address counts, whatever it forwards.
        String forged = "198.51.100.3";
        for (int i = 0; i < CAP; i++) {
            expectStream(sse(OTHER_LOOPBACK, forged + i));
        }
        expectRefused(sse(OTHER_LOOPBACK, forged));
        SourcedConnection refusedSocket = webSocket(OTHER_LOOPBACK, null);
        assertEquals(1008, refusedSocket.closeCode(), refusedSocket.toString());
        expectStream(sse(PROXY, null));

        closeConnections();
        awaitConnectionsFrom(OTHER_LOOPBACK, 0);
        expectStream(sse(OTHER_LOOPBACK, null));
    }

    @Test
    void socketIoConnectionsCountAgainstTheCapToo() throws IOException {
        // The Socket.IO port has no proxy in front here: its clients are 127.0.0.1, the trusted proxy's own address.
        track(SocketIoTestClient.connect(socketIoPort, "websocket"));
        awaitConnectionsFrom(PROXY, 1);
        for (int i = 0; i < CAP - 1; i++) {
            expectStream(sse(PROXY, null));
        }
        expectRefused(sse(PROXY, null));
    }

    /** On both Socket.IO entry points: a client over the cap gets connect_error too_many_connections. */
    @Test
    void socketIoBeyondTheCapGetsAConnectErrorOnBothEntryPoints() throws IOException {
        for (int i = 0; i < CAP; i++) {
            expectStream(sse(PROXY, null));
        }
        for (int port : List.of(socketIoPort, node.base().getPort())) {
            Object refusal = SocketIoTestClient.refusal(port, null, null);
            assertTrue(String.valueOf(refusal).contains("too_many_connections"), port + ": " + refusal);
        }
    }

    /** A trusted proxy's X-Forwarded-For names the Socket.IO client, on the direct port and the app server's. */
    @Test
    void socketIoConnectionsCarryTheForwardedAddressFromATrustedProxy() throws IOException {
        track(SocketIoTestClient.connect(socketIoPort, "websocket", null, null,
                Map.of("X-Forwarded-For", "203.0.113.31")));
        track(SocketIoTestClient.connect(node.base().getPort(), "websocket", null, null,
                Map.of("X-Forwarded-For", "203.0.113.32")));
        track(SocketIoTestClient.connect(node.base().getPort(), "polling", null, null,
                Map.of("X-Forwarded-For", "203.0.113.33")));
        for (String address : List.of("203.0.113.31", "203.0.113.32", "203.0.113.33")) {
            SystemTestSupport.awaitValue(() -> transports(connectionsFrom(address)), List.of("socketio")::equals,
                    TIMEOUT, Duration.ofMillis(100), "the Socket.IO connection from " + address);
        }
    }

    // ------------------------------------------------------------------------------------------ identity

    @Test
    void connectionsListTheForwardedAddressOnlyFromATrustedProxy() throws IOException {
        expectStream(sse(PROXY, "203.0.113.10"));
        expectStream(sse(PROXY, "192.0.2.99, 203.0.113.11")); // the right-most untrusted entry; the left one is forgeable
        expectWelcome(webSocket(PROXY, "203.0.113.12"));
        expectStream(sse(PROXY, "2001:DB8:0:0:0:0:0:13"));
        expectStream(sse(OTHER_LOOPBACK, "203.0.113.14")); // untrusted peer: its header is ignored

        assertEquals(List.of("sse"), transports(connectionsFrom("203.0.113.10")));
        assertEquals(List.of("sse"), transports(connectionsFrom("203.0.113.11")));
        assertEquals(0, connectionsFrom("192.0.2.99").size());
        assertEquals(List.of("websocket"), transports(connectionsFrom("203.0.113.12")));
        assertEquals(List.of("sse"), transports(connectionsFrom("2001:db8::13")), "in canonical form");
        assertEquals(0, connectionsFrom("203.0.113.14").size());
        assertEquals(List.of("sse"), transports(connectionsFrom(OTHER_LOOPBACK)));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static SourcedConnection expectStream(SourcedConnection connection) {
        assertEquals(200, connection.status(), connection.toString());
        assertTrue(connection.header("Content-Type").startsWith("text/event-stream"), connection.header("Content-Type"));
        return connection;
    }

    private static SourcedConnection expectWelcome(SourcedConnection connection) {
        assertEquals(101, connection.status(), connection.toString());
        assertTrue(connection.text() != null && connection.text().contains("\"kind\":\"welcome\""), connection.toString());
        return connection;
    }

    private static void expectRefused(SourcedConnection connection) {
        assertEquals(429, connection.status(), connection.toString());
        assertEquals("too_many_connections", JsonSupport.parse(connection.body()).asJsonObject().getString("error"));
    }

    private static HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(node.base().resolve(path)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<JsonObject> connectionsFrom(String address) {
        HttpResponse<String> response = get("api/connections");
        assertEquals(200, response.statusCode(), response.body());
        return JsonSupport.parse(response.body()).asJsonObject().getJsonArray("connections").stream()
                .map(value -> value.asJsonObject())
                .filter(connection -> connection.getString("remote_address").equals(address))
                .toList();
    }

    private static List<String> transports(List<JsonObject> connections) {
        return connections.stream().map(connection -> connection.getString("transport")).toList();
    }

    /** Closed SSE clients are noticed at a heartbeat, WebSockets at once: waits, bounded, until the count is reached. */
    private static void awaitConnectionsFrom(String address, int count) {
        SystemTestSupport.awaitValue(() -> connectionsFrom(address).size(), size -> size == count,
                SystemTestSupport.CLEANUP_TIMEOUT, Duration.ofMillis(200), count + " connections from " + address);
    }
}
