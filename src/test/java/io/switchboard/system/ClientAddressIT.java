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
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
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

    private static final Logger LOG = Logger.getLogger(ClientAddressIT.class.getName());
    private static final int CAP = 5;
    private static final String PROXY = "127.0.0.1";
    private static final String OTHER_LOOPBACK = "127.0.0.2";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static PayaraNode node;
    private static HttpClient http;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startNode() throws IOException {
        node = PayaraNode.startUp("addresses", Map.of(
                "switchboard.max-connections-per-address", String.valueOf(CAP),
                "switchboard.trusted-proxies", PROXY,
                // Closed SSE clients are noticed at the next heartbeat: once a second, so freed slots show quickly.
                "switchboard.sse.heartbeat-interval", "1000"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stopNode() {
        SystemTestSupport.closeAll(node);
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
        track(SocketIoTestClient.connect(node.socketIoPort(), "websocket"));
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
        for (int port : List.of(node.socketIoPort(), node.base().getPort())) {
            Object refusal = SocketIoTestClient.refusal(port, null, null);
            assertTrue(String.valueOf(refusal).contains("too_many_connections"), port + ": " + refusal);
        }
    }

    /** A trusted proxy's X-Forwarded-For names the Socket.IO client, on the direct port and the app server's. */
    @Test
    void socketIoConnectionsCarryTheForwardedAddressFromATrustedProxy() throws IOException {
        track(SocketIoTestClient.connect(node.socketIoPort(), "websocket", null, null,
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

    /**
     * One address floods SSE connection attempts as fast as a few threads can open them; the node admits exactly the
     * cap from it, refuses the rest with 429 too_many_connections, and meanwhile answers every health request and
     * still admits a stream from another address. Bounded: at least {@code FLOOD_ATTEMPTS} attempts, continuing (up to
     * {@code FLOOD_MAX_ATTEMPTS}) until the other address's stream and a few health answers were seen during it.
     */
    @Test
    void aFloodFromOneAddressLeavesTheOthersServed() throws Exception {
        String flooder = "127.0.0.3";
        int floodAttempts = 400;
        int floodMaxAttempts = 4000;
        int minHealthAnswers = 10;
        int threads = 4;

        List<SourcedConnection> admitted = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean otherChecked = new AtomicBoolean();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger healthAnswers = new AtomicInteger();
        AtomicLong healthMaxNanos = new AtomicLong();
        List<String> healthFailures = Collections.synchronizedList(new ArrayList<>());

        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        long started = System.nanoTime();
        long floodNanos;
        SourcedConnection other;
        try {
            List<Future<?>> flood = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                flood.add(pool.submit(() -> {
                    while (true) {
                        int n = attempts.get();
                        boolean enough = n >= floodAttempts && otherChecked.get()
                                && healthAnswers.get() + healthFailures.size() >= minHealthAnswers;
                        if (enough || n >= floodMaxAttempts || !attempts.compareAndSet(n, n + 1)) {
                            if (enough || n >= floodMaxAttempts) {
                                return null;
                            }
                            continue;
                        }
                        try {
                            SourcedConnection attempt =
                                    SourcedConnection.sse(node.base(), "api/events", flooder, null, TIMEOUT);
                            String type = String.valueOf(attempt.header("Content-Type"));
                            if (attempt.status() == 200 && type.startsWith("text/event-stream")) {
                                admitted.add(attempt);
                            } else if (attempt.status() == 429 && type.startsWith("application/json")
                                    && "too_many_connections".equals(JsonSupport.parse(attempt.body()).asJsonObject()
                                            .getString("error", null))) {
                                refused.incrementAndGet();
                            } else {
                                attempt.close();
                                unexpected.add(attempt + " (" + type + ")");
                            }
                        } catch (IOException | RuntimeException e) {
                            unexpected.add(e.toString());
                        }
                    }
                }));
            }
            Future<?> health = pool.submit(() -> {
                while (flooding.get()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = get("api/health");
                        long took = System.nanoTime() - sent;
                        healthMaxNanos.accumulateAndGet(took, Math::max);
                        if (response.statusCode() == 200 && "UP".equals(
                                JsonSupport.parse(response.body()).asJsonObject().getString("status", null))) {
                            healthAnswers.incrementAndGet();
                        } else {
                            healthFailures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (Throwable e) {
                        healthFailures.add(e.toString());
                    }
                    SystemTestSupport.pause(Duration.ofMillis(50));
                }
                return null;
            });

            // Once the flood has filled its address's slots, another address opens a stream; the flood goes on until then.
            SystemTestSupport.awaitValue(admitted::size, size -> size >= CAP || attempts.get() >= floodMaxAttempts,
                    TIMEOUT, Duration.ofMillis(5), "the flood to reach the cap");
            try {
                other = SourcedConnection.sse(node.base(), "api/events", OTHER_LOOPBACK, null, TIMEOUT);
            } finally {
                otherChecked.set(true);
            }
            track(other);
            for (Future<?> thread : flood) {
                thread.get(45, TimeUnit.SECONDS);
            }
            floodNanos = System.nanoTime() - started;
            flooding.set(false);
            health.get(30, TimeUnit.SECONDS);
        } finally {
            flooding.set(false);
            otherChecked.set(true);
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            opened.addAll(admitted);
        }

        int total = attempts.get();
        LOG.info(String.format("flood from %s: %d attempts in %d ms (%.0f attempts/s), %d admitted, %d refused; "
                        + "%d health answers during it, max latency %d ms", flooder, total, floodNanos / 1_000_000,
                total / (floodNanos / 1e9), admitted.size(), refused.get(), healthAnswers.get(),
                healthMaxNanos.get() / 1_000_000));

        assertEquals(List.of(), unexpected, "every attempt admitted or refused with too_many_connections");
        assertEquals(CAP, admitted.size(), "exactly the cap admitted from " + flooder);
        assertEquals(total - CAP, refused.get(), "every other attempt refused");
        assertTrue(total >= floodAttempts, total + " attempts");
        assertEquals(List.of(), healthFailures, "every health request during the flood answered 200 UP");
        assertTrue(healthAnswers.get() >= 1, "health answered during the flood");
        expectStream(other);
        assertEquals(CAP, connectionsFrom(flooder).size(), "only the admitted registered");

        for (SourcedConnection connection : admitted) {
            connection.close();
        }
        SystemTestSupport.awaitValue(() -> connectionsFrom(flooder).size(), size -> size == 0, TIMEOUT,
                Duration.ofMillis(200), "no connection left from " + flooder);
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
