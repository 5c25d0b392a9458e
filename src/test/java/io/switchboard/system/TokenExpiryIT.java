package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.SocketIoTestClient;
import io.switchboard.testing.TestTokens;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens that expire a few seconds after connecting, on every transport, against a node started with a key: each
 * connection is closed at its token's {@code exp} with the transport's reason, unless a refresh moved it. The
 * verifier's 60 s skew applies only to accepting a token, so a token with {@code exp} a few seconds ahead opens a
 * connection, which then closes at that {@code exp}. The assertions are on order (never closed before {@code exp},
 * still open after a refreshed one) and on the reasons; every wait is bounded generously.
 */
class TokenExpiryIT {

    private static final Duration LIFETIME = Duration.ofSeconds(4);
    private static final Duration LONGER = Duration.ofSeconds(9);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PayaraNode node;
    private static SwitchboardApi api;

    @BeforeAll
    static void startNode() throws IOException {
        node = PayaraNode.startUp("token-expiry", Map.of(
                "switchboard.auth.jwt.secret", TestTokens.SECRET,
                "switchboard.auth.jwt.issuer", TestTokens.ISSUER,
                "switchboard.auth.jwt.audience", TestTokens.AUDIENCE,
                "switchboard.sse.heartbeat-interval", "1000"));
        api = new SwitchboardApi(node.url());
    }

    @AfterAll
    static void stopNode() {
        SystemTestSupport.closeAll(api, node);
    }

    // ------------------------------------------------------------------------------------------ tokens

    /** The token's {@code exp}: whole seconds, as a JWT carries it. */
    private static Instant expiry(Duration fromNow) {
        return Instant.now().plus(fromNow).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String token(String subject, Instant exp, List<String> roles, List<String> channels) {
        return TestTokens.hmac(TestTokens.claims(subject, roles, channels).expirationTime(Date.from(exp)).build());
    }

    private static String token(String subject, Instant exp) {
        return token(subject, exp, List.of("publish", "subscribe"), null);
    }

    private static String query(String token) {
        return "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static int port(String entry) {
        return entry.equals("direct") ? node.socketIoPort() : node.base().getPort();
    }

    private static URI webSocket(String token) {
        return URI.create(WebSocketTestClient.endpoint(node.base()) + "?" + query(token));
    }

    private static void assertNotBefore(Instant exp, Instant seen, String what) {
        assertFalse(seen.isBefore(exp), what + " closed at " + seen + ", before its token's exp " + exp);
    }

    /** Waits (bounded) until the server has disconnected {@code client}; returns when it saw that. */
    private static Instant awaitDisconnect(SocketIoTestClient client, String what) {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        while (client.disconnects().isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": still connected after " + CLOSE_TIMEOUT);
            }
            SystemTestSupport.pause(Duration.ofMillis(20));
        }
        return Instant.now();
    }

    private static void assertTokenExpiredEvent(SocketIoTestClient client, String what) {
        Object payload = client.await("error", SocketIoTestClient.field("error", "token_expired")).payload();
        assertTrue(((JSONObject) payload).optString("detail").contains("expired"), what + ": " + payload);
    }

    private static void pauseUntil(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            SystemTestSupport.pause(left);
        }
    }

    // ------------------------------------------------------------------------------------------ at exp

    @Test
    void everyTransportIsClosedAtExpWithItsReason() {
        Instant exp = expiry(LIFETIME);
        String token = token("expiring", exp);
        String channel = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, SocketIoTestClient> socketIo = new LinkedHashMap<>();
        List<AutoCloseable> all = new ArrayList<>();
        try {
            RawSseClient envelopes = api.openRaw("api/events?channel=" + channel + "&" + query(token), Map.of());
            RawSseClient named = api.openRaw("stream?channel=" + channel,
                    Map.of("Authorization", "Bearer " + token));
            all.add(envelopes);
            all.add(named);
            envelopes.expectEventStream();
            named.expectEventStream();
            WebSocketTestClient ws = WebSocketTestClient.connect(webSocket(token), "expiring");
            all.add(ws);
            for (String entry : List.of("direct", "app-server")) {
                for (String transport : List.of("websocket", "polling")) {
                    SocketIoTestClient client = SocketIoTestClient.connect(port(entry), transport,
                            Map.of("token", token), null);
                    socketIo.put(entry + "/" + transport, client);
                    all.add(client);
                }
            }

            // /stream: a named event "error" with exactly {"error":"token_expired"}, then the end of the stream.
            SseFrame last = named.frames().await(frame -> "error".equals(frame.event()), CLOSE_TIMEOUT,
                    "the error event on /stream");
            assertEquals("{\"error\":\"token_expired\"}", last.data());
            assertTrue(named.awaitEnd(CLOSE_TIMEOUT), "/stream still open after its error event");
            assertNotBefore(exp, Instant.now(), "/stream");
            assertNull(last.id(), "the last frame has no id, so a reconnect resumes after the last real event");

            // /api/events: the same as an envelope (no event name), like its shutdown frame.
            SseFrame envelope = envelopes.frames().await(frame -> "error".equals(frame.envelopeType()), CLOSE_TIMEOUT,
                    "the error envelope on /api/events");
            assertNull(envelope.event());
            JsonObject body = JsonSupport.parseObject(envelope.data());
            assertEquals("token_expired", body.getJsonObject("data").getString("error"), envelope.data());
            assertEquals("server", body.getString("source"));
            assertTrue(envelopes.awaitEnd(CLOSE_TIMEOUT), "/api/events still open after its error event");

            CloseReason closed = ws.awaitClosed(CLOSE_TIMEOUT);
            assertNotBefore(exp, Instant.now(), "the WebSocket");
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), closed.getCloseCode().getCode(),
                    closed::toString);
            assertEquals("token_expired", closed.getReasonPhrase());

            socketIo.forEach((what, client) -> {
                Instant gone = awaitDisconnect(client, what);
                assertNotBefore(exp, gone, what);
                assertTokenExpiredEvent(client, what);
                assertEquals("io server disconnect", String.valueOf(client.disconnects().get(0)), what);
            });
            assertGoneFromTheRegistry();
        } finally {
            all.forEach(TokenExpiryIT::closeQuietly);
        }
    }

    /** Every expired connection left the registry: nothing of it is listed any more. */
    private static void assertGoneFromTheRegistry() {
        String admin = token("root", expiry(Duration.ofHours(1)), List.of("admin"), null);
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        while (true) {
            JsonObject listed = connections(admin);
            if (listed.getInt("count") == 0) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("connections left after their tokens expired: " + listed);
            }
            SystemTestSupport.pause(Duration.ofMillis(100));
        }
    }

    private static JsonObject connections(String admin) {
        HttpRequest request = HttpRequest.newBuilder(node.base().resolve("api/connections"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + admin).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JsonSupport.parseObject(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /api/connections failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------------------------------ presence

    /** A close at {@code exp} ends the connection as any close does: the rooms it was in see it leave. */
    @Test
    void anExpiredConnectionLeavesTheRoomsItWasIn() {
        String room = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        String watcher = token("watcher", expiry(Duration.ofMinutes(10)));
        Instant exp = expiry(LIFETIME);
        String leaver = token("leaver", exp);
        List<AutoCloseable> all = new ArrayList<>();
        try {
            RawSseClient follower = api.openRaw("stream?channel=" + room, Map.of("Authorization", "Bearer " + watcher));
            all.add(follower);
            follower.expectEventStream();
            WebSocketTestClient ws = WebSocketTestClient.connect(webSocket(leaver), "leaver");
            all.add(ws);
            SocketIoTestClient socketIo = SocketIoTestClient.connect(port("app-server"), "websocket",
                    Map.of("token", leaver), null);
            all.add(socketIo);
            assertTrue(ws.request(JsonSupport.obj("action", "join", "ref", "j", "room", room)).getBoolean("ok"));
            assertEquals(room, socketIo.request("join", new JSONObject().put("room", room)).getString("room"));
            for (String action : List.of("join", "leave")) {
                for (String transport : List.of("websocket", "socketio")) {
                    SseFrame seen = follower.frames().await(frame -> "presence".equals(frame.event())
                            && action.equals(frame.jsonObject().getString("action"))
                            && transport.equals(frame.jsonObject().getString("transport")), CLOSE_TIMEOUT,
                            "the " + transport + " member's " + action);
                    assertEquals("leaver", seen.jsonObject().getString("user"), seen.data());
                }
                if (action.equals("join")) {
                    assertTrue(Instant.now().isBefore(exp), "joined too late to tell an early leave; raise LIFETIME");
                }
            }
            assertNotBefore(exp, Instant.now(), "the members' leaves");
        } finally {
            all.forEach(TokenExpiryIT::closeQuietly);
        }
    }

    // ------------------------------------------------------------------------------------------ refresh

    @Test
    void aRefreshedWebSocketOutlivesItsFirstTokenAndClosesAtTheNewExp() {
        Instant first = expiry(LIFETIME);
        Instant second = expiry(LONGER);
        try (WebSocketTestClient ws = WebSocketTestClient.connect(webSocket(token("renewing", first)), "renewing")) {
            assertTrue(ws.request(JsonSupport.obj("action", "join", "ref", "j", "room", "ops-1")).getBoolean("ok"));
            // Narrower roles and channels come with the new token: they apply from now on, rooms it denies are left.
            JsonObject ack = ws.request(JsonSupport.obj("action", "refresh", "ref", "r",
                    "token", token("renewing", second, List.of("subscribe"), List.of("news"))));
            assertTrue(ack.getBoolean("ok"), ack.toString());
            assertEquals(second.getEpochSecond(), ack.getJsonNumber("exp").longValue());
            assertEquals(0, ack.getJsonArray("rooms").size(), ack.toString());

            pauseUntil(first.plusSeconds(2));
            assertTrue(ws.isOpen(), "closed at the first token's exp although refreshed");
            JsonObject forbidden = ws.request(JsonSupport.obj("action", "message", "ref", "m", "type", "text",
                    "content", "x", "room", "news"));
            assertEquals("forbidden", forbidden.getJsonObject("error").getString("error"), forbidden.toString());

            CloseReason closed = ws.awaitClosed(CLOSE_TIMEOUT);
            assertNotBefore(second, Instant.now(), "the refreshed WebSocket");
            assertEquals("token_expired", closed.getReasonPhrase());
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), closed.getCloseCode().getCode());
        }
    }

    @Test
    void aRefreshedSocketIoClientOutlivesItsFirstTokenAndDisconnectsAtTheNewExp() {
        Instant first = expiry(LIFETIME);
        Instant second = expiry(LONGER);
        List<SocketIoTestClient> clients = new ArrayList<>();
        try {
            for (String entry : List.of("direct", "app-server")) {
                SocketIoTestClient client = SocketIoTestClient.connect(port(entry), "websocket",
                        Map.of("token", token("renewing", first)), null);
                clients.add(client);
                assertEquals(true, client.request("join", new JSONObject(Map.of("room", "ops-1"))).get("ok"));
                JSONObject ack = client.request("refresh", new JSONObject(Map.of("token",
                        token("renewing", second, List.of("subscribe"), List.of("news")))));
                assertEquals(true, ack.get("ok"), ack::toString);
                assertEquals(second.getEpochSecond(), ack.getLong("exp"));
                assertEquals(0, ((JSONArray) ack.get("rooms")).length(), ack::toString);
            }
            pauseUntil(first.plusSeconds(2));
            for (SocketIoTestClient client : clients) {
                assertTrue(client.connected() && client.disconnects().isEmpty(),
                        "disconnected at the first token's exp although refreshed");
                JSONObject readOnly = client.request("message", new JSONObject(Map.of("type", "text",
                        "content", "x", "room", "news")));
                assertEquals("forbidden", readOnly.getJSONObject("error").get("error"), readOnly::toString);
            }
            for (SocketIoTestClient client : clients) {
                assertNotBefore(second, awaitDisconnect(client, "refreshed Socket.IO client"), "refreshed client");
                assertTokenExpiredEvent(client, "refreshed Socket.IO client");
            }
        } finally {
            clients.forEach(TokenExpiryIT::closeQuietly);
        }
    }

    @Test
    void aRefusedRefreshLeavesTheOldExpiry() {
        Instant exp = expiry(LIFETIME);
        Instant later = expiry(Duration.ofHours(1));
        Map<String, String> refused = Map.of(
                "another subject", token("mallory", later),
                "expired", token("stubborn", Instant.now().minusSeconds(10).truncatedTo(ChronoUnit.SECONDS)),
                "wrong secret", TestTokens.hmac(TestTokens.claims("stubborn", List.of("subscribe"), null).build(),
                        "not-the-configured-secret-0123456789abcdef"),
                "garbage", "not-a-token");
        try (WebSocketTestClient ws = WebSocketTestClient.connect(webSocket(token("stubborn", exp)), "stubborn");
             SocketIoTestClient io = SocketIoTestClient.connect(node.socketIoPort(), "polling",
                     Map.of("token", token("stubborn", exp)), null)) {
            refused.forEach((what, bad) -> {
                JsonObject ack = ws.request(JsonSupport.obj("action", "refresh", "ref", what, "token", bad));
                assertFalse(ack.getBoolean("ok"), what + ": " + ack);
                assertEquals("unauthorized", ack.getJsonObject("error").getString("error"), what + ": " + ack);
                JSONObject reply = io.request("refresh", new JSONObject(Map.of("token", bad)));
                assertEquals(false, reply.get("ok"), what + ": " + reply);
                assertEquals("unauthorized", reply.getJSONObject("error").get("error"), what + ": " + reply);
            });
            JsonObject noToken = ws.request(JsonSupport.obj("action", "refresh", "ref", "none"));
            assertEquals("unauthorized", noToken.getJsonObject("error").getString("error"), noToken.toString());
            // Without an ack, a refused refresh is an error event, as any refused request.
            io.emit("refresh", new JSONObject(Map.of("token", "not-a-token")));
            io.await("error", SocketIoTestClient.field("error", "unauthorized"));

            CloseReason closed = ws.awaitClosed(CLOSE_TIMEOUT);
            assertNotBefore(exp, Instant.now(), "the WebSocket");
            assertEquals("token_expired", closed.getReasonPhrase());
            assertNotBefore(exp, awaitDisconnect(io, "Socket.IO"), "Socket.IO");
            assertTokenExpiredEvent(io, "Socket.IO");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the server closed it already
        }
    }
}
