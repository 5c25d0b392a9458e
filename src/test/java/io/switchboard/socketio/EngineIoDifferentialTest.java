package io.switchboard.socketio;

import io.switchboard.testing.NodeReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same raw Engine.IO / Socket.IO requests sent to the reference server (socket.io 4.8 under Node,
 * {@code src/test/js/ref-engineio-server.mjs}) and to Switchboard's engine, side by side: each test asserts that
 * both answer alike (issue 13, points 1 to 8). Heartbeats of 300/200 ms, and the defaults (25 s/20 s) where the point
 * is about heartbeats.
 */
@Timeout(180)
class EngineIoDifferentialTest {

    static final String POLLING = "/ws/chat/?EIO=4&transport=polling";
    static final String WEBSOCKET = "/ws/chat/?EIO=4&transport=websocket";
    static final int SHORT_INTERVAL = 300;
    static final int SHORT_TIMEOUT = 200;
    static final int DEFAULT_INTERVAL = 25_000;
    static final int DEFAULT_TIMEOUT = 20_000;
    static final Duration WAIT = Duration.ofSeconds(2);
    static final String MESSAGE = "[\"message\",{\"type\":\"text\",\"content\":\"x\",\"sender\":\"s\"}]";

    static NodeReference referenceShort;
    static NodeReference referenceDefault;
    static SocketIoEngine switchboardShort;
    static SocketIoEngine switchboardDefault;
    static int switchboardShortPort;
    static int switchboardDefaultPort;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NodeReference.nodeAvailable(), "Node.js is needed for the reference server");
        referenceShort = reference(SHORT_INTERVAL, SHORT_TIMEOUT);
        referenceDefault = reference(DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
        switchboardShortPort = SocketIoTestClient.freePort();
        switchboardShort = EngineIoConformanceTest.engine(switchboardShortPort, SHORT_INTERVAL, SHORT_TIMEOUT);
        switchboardShort.start();
        switchboardDefaultPort = SocketIoTestClient.freePort();
        switchboardDefault = EngineIoConformanceTest.engine(switchboardDefaultPort, DEFAULT_INTERVAL, DEFAULT_TIMEOUT);
        switchboardDefault.start();
    }

    @AfterAll
    static void stop() {
        for (NodeReference reference : new NodeReference[] {referenceShort, referenceDefault}) {
            if (reference != null) {
                reference.close();
            }
        }
        for (SocketIoEngine engine : new SocketIoEngine[] {switchboardShort, switchboardDefault}) {
            if (engine != null) {
                engine.stop();
            }
        }
    }

    /** A scenario: the same steps against a server on that port, and what the client saw, step by step. */
    interface Scenario {
        List<String> run(int port) throws Exception;
    }

    /** Runs the scenario against both servers at once and asserts that they answered alike. */
    static void assertSameAnswers(Scenario scenario, int referencePort, int switchboardPort) throws Exception {
        CompletableFuture<List<String>> reference = CompletableFuture.supplyAsync(() -> attempt(scenario, referencePort));
        CompletableFuture<List<String>> switchboard =
                CompletableFuture.supplyAsync(() -> attempt(scenario, switchboardPort));
        List<String> expected = reference.get(150, TimeUnit.SECONDS);
        assertEquals(expected, switchboard.get(150, TimeUnit.SECONDS), "reference answered " + expected);
    }

    static void assertSameAnswersShort(Scenario scenario) throws Exception {
        assertSameAnswers(scenario, referenceShort.port(), switchboardShortPort);
    }

    static void assertSameAnswersDefault(Scenario scenario) throws Exception {
        assertSameAnswers(scenario, referenceDefault.port(), switchboardDefaultPort);
    }

    private static List<String> attempt(Scenario scenario, int port) {
        try {
            return scenario.run(port);
        } catch (Exception e) {
            return List.of("failed: " + e);
        }
    }

    // 1. Polling heartbeat: the poll after the handshake is answered with a ping, the pong with "ok"; three times.
    static Scenario pollingHeartbeat(int interval, int cycles) {
        return port -> {
            List<String> seen = new ArrayList<>();
            String session = POLLING + "&sid=" + openPolling(port, seen);
            for (int i = 0; i < cycles; i++) {
                long started = System.nanoTime();
                RawHttp.Response poll = get(port, session, Duration.ofMillis(interval + 5000));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                seen.add("poll " + poll.status() + " " + poll.body()
                        + (tookMillis <= interval + 1000 ? " within the interval" : " late: " + tookMillis + " ms"));
                RawHttp.Response pong = post(port, session, "3");
                seen.add("pong " + pong.status() + " " + pong.body());
            }
            return seen;
        };
    }

    @Test
    void point1PollingHeartbeat() throws Exception {
        assertSameAnswersShort(pollingHeartbeat(SHORT_INTERVAL, 3));
    }

    /** Point 1 as an HTTP client with a connection pool speaks it (Node's agent, the JDK's client): keep-alive. */
    static Scenario pollingHeartbeatKeepAlive(int interval, int cycles) {
        return port -> {
            List<String> seen = new ArrayList<>();
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + port;
            java.net.http.HttpResponse<String> open = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + POLLING)).timeout(WAIT).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            seen.add("open " + open.statusCode() + " " + open.body().charAt(0));
            String session = base + POLLING + "&sid=" + new JSONObject(open.body().substring(1)).getString("sid");
            for (int i = 0; i < cycles; i++) {
                java.net.http.HttpResponse<String> poll = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(session)).timeout(Duration.ofMillis(interval + 5000)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                seen.add("poll " + poll.statusCode() + " " + poll.body());
                java.net.http.HttpResponse<String> pong = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(session)).timeout(WAIT)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("3")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                seen.add("pong " + pong.statusCode() + " " + pong.body());
            }
            return seen;
        };
    }

    @Test
    void point1PollingHeartbeatOverKeptAliveConnections() throws Exception {
        assertSameAnswersShort(pollingHeartbeatKeepAlive(SHORT_INTERVAL, 3));
    }

    // 2. Polling ping timeout: a session that does not answer the ping is gone after the ping timeout.
    static Scenario pollingPingTimeout(int interval, int timeout) {
        return port -> {
            List<String> seen = new ArrayList<>();
            String session = POLLING + "&sid=" + openPolling(port, seen);
            RawHttp.Response poll = get(port, session, Duration.ofMillis(interval + 5000));
            seen.add("poll " + poll.status() + " " + poll.body());
            Thread.sleep(timeout + 500);
            RawHttp.Response after = get(port, session, WAIT);
            seen.add("after the ping timeout " + after.status() + " " + after.body());
            return seen;
        };
    }

    @Test
    void point2PollingPingTimeout() throws Exception {
        assertSameAnswersShort(pollingPingTimeout(SHORT_INTERVAL, SHORT_TIMEOUT));
    }

    // 9. A session that has not sent its CONNECT is in no namespace: a message for every client does not reach it.
    // Needs a server that sends a message to every client: a deployed node (EngineIoBothEntryPointsDifferentialIT),
    // not the engine alone.
    static Scenario noBroadcastBeforeConnect(int interval) {
        return port -> {
            List<String> seen = new ArrayList<>();
            String session = POLLING + "&sid=" + openPolling(port, seen);
            try (RawWebSocket sender = RawWebSocket.open(port, WEBSOCKET)) {
                seen.add(kind(sender.await(text -> text.startsWith("0{"))));
                sender.send("40");
                seen.add(kind(sender.await(text -> text.startsWith("40"))));
                sender.send("421" + MESSAGE);
                seen.add(kind(sender.await(text -> text.startsWith("431"))));
                seen.add(sender.await(text -> text.startsWith("42[\"message\"")) != null
                        ? "the sender got the message" : "the sender got nothing");
            }
            RawHttp.Response poll = get(port, session, Duration.ofMillis(interval + 5000));
            seen.add("the session without CONNECT polled " + poll.status() + " " + poll.body());
            return seen;
        };
    }

    /** Points 1 to 8, each once (point 1 with {@code cycles} heartbeats), at the given heartbeats. */
    static List<Scenario> everyPoint(int interval, int timeout, int cycles) {
        return List.of(pollingHeartbeat(interval, cycles), pollingHeartbeatKeepAlive(interval, cycles),
                pollingPingTimeout(interval, timeout), webSocketClosePacket(), secondWebSocketAfterTheUpgrade(),
                unknownNamespace(), invalidPacketBeforeConnect(), disconnectFromMainNamespace(interval),
                invalidPacketAfterConnect());
    }

    /** Every point at the default heartbeats, all at once (the longest takes interval + timeout, 45 s). */
    @Test
    void everyPointAtTheDefaults() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Scenario scenario : everyPoint(DEFAULT_INTERVAL, DEFAULT_TIMEOUT, 1)) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    assertSameAnswersDefault(scenario);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (CompletableFuture<Void> one : all) {
            try {
                one.get(170, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof AssertionError failed ? failed : new AssertionError(e.getCause());
            }
        }
    }

    // 3. A close packet right after the open packet: the server closes the WebSocket.
    static Scenario webSocketClosePacket() {
        return port -> {
            List<String> seen = new ArrayList<>();
            try (RawWebSocket socket = RawWebSocket.open(port, WEBSOCKET)) {
                seen.add(kind(socket.await(text -> text.startsWith("0{"))));
                socket.send("1");
                seen.add(socket.awaitClosed(WAIT) ? "closed" : "still open");
            }
            return seen;
        };
    }

    @Test
    void point3WebSocketClosePacket() throws Exception {
        assertSameAnswersShort(webSocketClosePacket());
    }

    // 4. A second WebSocket for a session that completed its upgrade: accepted, then closed at once.
    static Scenario secondWebSocketAfterTheUpgrade() {
        return port -> {
            List<String> seen = new ArrayList<>();
            String sid = openPolling(port, seen);
            String path = WEBSOCKET + "&sid=" + sid;
            try (RawWebSocket first = RawWebSocket.open(port, path)) {
                first.send("2probe");
                seen.add(first.await(text -> text.equals("3probe")));
                first.send("5");
                first.send("40");
                seen.add(kind(first.await(text -> text.startsWith("40"))));
                first.send("421" + MESSAGE);
                seen.add(kind(first.await(text -> text.startsWith("431"))));
                try (RawWebSocket second = RawWebSocket.open(port, path)) {
                    seen.add("second accepted, " + (second.awaitClosed(WAIT) ? "closed" : "still open"));
                } catch (ExecutionException e) {
                    seen.add(e.getCause() instanceof WebSocketHandshakeException refused
                            ? "second refused " + refused.getResponse().statusCode() : "second failed: " + e.getCause());
                }
                first.send("422" + MESSAGE);
                seen.add(kind(first.await(text -> text.startsWith("432"))));
            }
            return seen;
        };
    }

    @Test
    void point4SecondWebSocketAfterTheUpgrade() throws Exception {
        assertSameAnswersShort(secondWebSocketAfterTheUpgrade());
    }

    // 5. A CONNECT to an unknown namespace: a CONNECT_ERROR whose payload is an object.
    static Scenario unknownNamespace() {
        return port -> {
            List<String> seen = new ArrayList<>();
            try (RawWebSocket socket = RawWebSocket.open(port, WEBSOCKET)) {
                seen.add(kind(socket.await(text -> text.startsWith("0{"))));
                socket.send("40/random");
                seen.add(socket.await(text -> text.startsWith("44")));
                seen.add(socket.awaitClosed(Duration.ofMillis(500)) ? "closed" : "still open");
            }
            return seen;
        };
    }

    @Test
    void point5UnknownNamespace() throws Exception {
        assertSameAnswersShort(unknownNamespace());
    }

    // 6. Not a Socket.IO packet, before any CONNECT: the connection is closed.
    static Scenario invalidPacketBeforeConnect() {
        return port -> {
            List<String> seen = new ArrayList<>();
            try (RawWebSocket socket = RawWebSocket.open(port, WEBSOCKET)) {
                seen.add(kind(socket.await(text -> text.startsWith("0{"))));
                socket.send("4abc");
                seen.add(socket.awaitClosed(WAIT) ? "closed" : "still open");
            }
            return seen;
        };
    }

    @Test
    void point6InvalidPacketBeforeConnect() throws Exception {
        assertSameAnswersShort(invalidPacketBeforeConnect());
    }

    // 7. A DISCONNECT from the main namespace leaves the Engine.IO session up: the next frame is a ping.
    static Scenario disconnectFromMainNamespace(int interval) {
        return port -> {
            List<String> seen = new ArrayList<>();
            try (RawWebSocket socket = RawWebSocket.openRecordingAll(port, WEBSOCKET)) {
                seen.add(kind(socket.frame(0, WAIT)));
                socket.send("40");
                // A ping may come before the CONNECT's answer on a slow machine: answer it, then look on.
                int at = 1;
                String frame = socket.frame(at, WAIT);
                while ("2".equals(frame) || isBroadcast(frame)) {
                    if ("2".equals(frame)) {
                        socket.send("3");
                    }
                    frame = socket.frame(++at, WAIT);
                }
                seen.add(kind(frame));
                int next = socket.received();
                socket.send("41");
                // Run beside point 9, a connected socket may get its broadcast until the server has read the 41.
                long deadline = System.nanoTime() + Duration.ofMillis(interval + 2000).toNanos();
                String after = socket.frame(next, Duration.ofNanos(deadline - System.nanoTime()));
                while (isBroadcast(after)) {
                    after = socket.frame(++next, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                }
                seen.add("next frame: " + after);
            }
            return seen;
        };
    }

    @Test
    void point7DisconnectFromTheMainNamespace() throws Exception {
        assertSameAnswersShort(disconnectFromMainNamespace(SHORT_INTERVAL));
    }

    // 8. Not a Socket.IO packet, after a CONNECT: the connection is closed.
    static Scenario invalidPacketAfterConnect() {
        return port -> {
            List<String> seen = new ArrayList<>();
            try (RawWebSocket socket = RawWebSocket.open(port, WEBSOCKET)) {
                seen.add(kind(socket.await(text -> text.startsWith("0{"))));
                socket.send("40");
                seen.add(kind(socket.await(text -> text.startsWith("40"))));
                socket.send("4abc");
                seen.add(socket.awaitClosed(WAIT) ? "closed" : "still open");
            }
            return seen;
        };
    }

    @Test
    void point8InvalidPacketAfterConnect() throws Exception {
        assertSameAnswersShort(invalidPacketAfterConnect());
    }

    // Binary packets (issue 13): a binary event is acked, also with a pong between its header and its attachment;
    // binary traffic the reference's parser refuses closes the connection (an attachment nobody announced, a packet
    // where an attachment is due, a placeholder that names no attachment).
    @Test
    void binaryPacketsOverWebSocket() throws Exception {
        for (Scenario scenario : binaryOverWebSocket()) {
            assertSameAnswersShort(scenario);
        }
    }

    /** The binary cases above, one scenario each: a header, frames after it, and the answer or the close. */
    static List<Scenario> binaryOverWebSocket() {
        String header = "451-5[\"message\",{\"type\":\"audio\",\"media_type\":\"audio/x-raw\",\"sender\":\"s\","
                + "\"content\":{\"_placeholder\":true,\"num\":0}}]";
        List<List<Object>> cases = List.of(
                List.of(header, new byte[] {0, 1, 2}),
                List.of(header, "3", new byte[] {0, 1, 2}),
                List.of(new byte[] {1, 2, 3}),
                List.of(header, "42" + MESSAGE),
                List.of("451-[\"message\",{\"_placeholder\":true,\"num\":1}]", new byte[] {1}));
        List<Scenario> scenarios = new ArrayList<>();
        for (List<Object> frames : cases) {
            scenarios.add(port -> {
                List<String> seen = new ArrayList<>();
                try (RawWebSocket socket = RawWebSocket.open(port, WEBSOCKET)) {
                    seen.add(kind(socket.await(text -> text.startsWith("0{"))));
                    socket.send("40");
                    seen.add(kind(socket.await(text -> text.startsWith("40"))));
                    for (Object frame : frames) {
                        try {
                            if (frame instanceof byte[] bytes) {
                                socket.sendBinary(bytes);
                            } else {
                                socket.send((String) frame);
                            }
                        } catch (Exception closedAlready) {
                            break; // Switchboard refuses a bad header at once, the reference at its attachment
                        }
                    }
                    if (frames.get(frames.size() - 1) instanceof byte[] && frames.size() > 1
                            && !((String) frames.get(0)).contains("\"num\":1")) {
                        seen.add(kind(socket.await(text -> text.startsWith("43"))));
                    } else {
                        seen.add(socket.awaitClosed(WAIT) ? "closed" : "still open");
                    }
                }
                return seen;
            });
        }
        return scenarios;
    }

    /** A message for every connected client, as point 9 sends one. */
    private static boolean isBroadcast(String frame) {
        return frame != null && frame.startsWith("42[\"message\"");
    }

    /** A frame by its kind: the packet type and, for Socket.IO packets, the namespace; ids and payloads differ. */
    static String kind(String frame) {
        if (frame == null) {
            return "nothing";
        }
        if (frame.startsWith("0{")) {
            return "open";
        }
        if (frame.startsWith("40")) {
            return "connected";
        }
        if (frame.startsWith("43")) {
            int bracket = frame.indexOf('[');
            return "ack " + frame.substring(2, bracket < 0 ? frame.length() : bracket);
        }
        return frame;
    }

    static String openPolling(int port, List<String> seen) {
        RawHttp.Response open = get(port, POLLING, WAIT);
        seen.add("open " + open.status() + " " + open.body().charAt(0));
        return new JSONObject(open.body().substring(1)).getString("sid");
    }

    /** The reference Socket.IO 4 server with these heartbeats. */
    static NodeReference reference(int pingInterval, int pingTimeout) throws Exception {
        return NodeReference.start("ref-engineio-server.mjs", String.valueOf(pingInterval),
                String.valueOf(pingTimeout));
    }

    static RawHttp.Response get(int port, String path, Duration timeout) {
        return RawHttp.request(port, "GET", path, null, timeout);
    }

    static RawHttp.Response post(int port, String path, String body) {
        return RawHttp.request(port, "POST", path, body, WAIT);
    }

}
