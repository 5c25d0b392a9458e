package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.switchboard.testing.RawWebSocket;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication and authorization on every transport, against a node started WITH keys (an HMAC secret and an RSA
 * public key, issuer and audience), with real tokens signed here. Its own Payara Micro process: the Arquillian server
 * of the other system tests runs open, as a hub without keys does.
 */
class AuthIT {

    private static final TestTokens TOKENS = new TestTokens();
    private static final List<String> ALL_ROLES = List.of("publish", "subscribe", "admin");

    private static final int BURST = 20;
    private static final String APP_ORIGIN = "https://app.test";

    private static PayaraNode node;
    private static SwitchboardApi api;
    private static HttpClient http;

    @BeforeAll
    static void startNode() throws IOException {
        node = PayaraNode.startUp("auth", Map.of(
                "switchboard.auth.jwt.secret", TestTokens.SECRET,
                "switchboard.auth.jwt.public-key", TOKENS.rsaPublicKeyPem(),
                "switchboard.auth.jwt.issuer", TestTokens.ISSUER,
                "switchboard.auth.jwt.audience", TestTokens.AUDIENCE,
                "switchboard.sse.heartbeat-interval", "1000",
                // Low enough for rateLimitsAnswer429WithoutDroppingAnyone to reach; no other test sends this much.
                "switchboard.ratelimit.rate", "1",
                "switchboard.ratelimit.burst", String.valueOf(BURST),
                "switchboard.cors.origins", APP_ORIGIN,
                "switchboard.websocket.origins", APP_ORIGIN));
        api = new SwitchboardApi(node.url());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stopNode() {
        SystemTestSupport.closeAll(api, node);
    }

    // ------------------------------------------------------------------------------------------ tokens

    private static JWTClaimsSet.Builder claims(String subject, String... roles) {
        return TestTokens.claims(subject, List.of(roles), null);
    }

    private static String hmac(String subject, String... roles) {
        return TestTokens.hmac(claims(subject, roles).build());
    }

    /** Every token the hub must refuse as unauthenticated, by what is wrong with it. */
    private static Map<String, String> badTokens() {
        JWTClaimsSet good = TestTokens.claims("mallory", ALL_ROLES, null).build();
        return Map.of(
                "expired", TestTokens.hmac(TestTokens.claims("mallory", ALL_ROLES, null)
                        .expirationTime(TestTokens.past(Duration.ofMinutes(5))).build()),
                "wrong secret", TestTokens.hmac(good, "not-the-configured-secret-0123456789abcdef"),
                "forged claims", TestTokens.tampered(good),
                "foreign RSA key", TestTokens.rsaWithForeignKey(good),
                "alg none", TestTokens.unsigned(good),
                "wrong audience", TestTokens.hmac(TestTokens.claims("mallory", ALL_ROLES, null)
                        .audience("another-service").build()),
                "wrong issuer", TestTokens.hmac(TestTokens.claims("mallory", ALL_ROLES, null)
                        .issuer("https://evil.test").build()),
                "garbage", "not-a-token");
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private static HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.base().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonObject expect(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.request().uri() + ": " + response.body());
        JsonObject body = JsonSupport.parse(response.body()).asJsonObject();
        if (error != null) {
            assertEquals(error, body.getString("error"), response.body());
        }
        if (status == 401) {
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                    "401 without WWW-Authenticate: Bearer");
        }
        return body;
    }

    private static String text(String content) {
        return "{\"type\":\"text\",\"content\":\"" + content + "\",\"sender\":\"claimed-sender\"}";
    }

    private static String query(String token) {
        return "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------ REST

    @Test
    void healthIsOpenAndSaysAuthIsOn() {
        assertEquals("jwt", expect(call("GET", "api/health", null, null), 200, null).getString("auth"));
    }

    @Test
    void restPublishingNeedsAValidTokenWithThePublishRole() {
        String event = "{\"event_type\":\"t\",\"data\":{}}";
        for (String path : List.of("api/message", "api/messages/broadcast")) {
            expect(call("POST", path, null, text("x")), 401, "unauthorized");
            badTokens().forEach((what, token) -> expect(call("POST", path, token, text(what)), 401, "unauthorized"));
            expect(call("POST", path, hmac("reader", "subscribe"), text("x")), 403, "forbidden");
        }
        expect(call("POST", "api/events/publish", null, event), 401, "unauthorized");
        badTokens().forEach((what, token) -> expect(call("POST", "api/events/publish", token, event), 401,
                "unauthorized"));
        expect(call("POST", "api/events/publish", hmac("reader", "subscribe"), event), 403, "forbidden");

        expect(call("POST", "api/events/publish", hmac("writer", "publish"), event), 202, null);
        expect(call("POST", "api/events/publish", TOKENS.rsa(claims("writer", "publish").build()), event), 202, null);
        JWTClaimsSet scoped = TestTokens.claims("scoped", null, null).build();
        expect(call("POST", "api/events/publish", TestTokens.hmac(new JWTClaimsSet.Builder(scoped)
                .claim("scope", "openid publish").build()), event), 202, null);
    }

    @Test
    void theSenderOfAnAuthenticatedMessageIsTheTokenSubject() {
        JsonObject stored = expect(call("POST", "api/message", hmac("alice", "publish"), text("who")), 201, null);
        assertEquals("alice", stored.getString("sender"));
        JsonObject withoutSender = expect(call("POST", "api/message", TOKENS.rsa(claims("bob", "publish").build()),
                "{\"type\":\"text\",\"content\":\"no sender field\"}"), 201, null);
        assertEquals("bob", withoutSender.getString("sender"));
    }

    @Test
    void channelPatternsLimitWhereATokenMayPublish() {
        String token = TestTokens.hmac(TestTokens.claims("ops-bot", List.of("publish"), List.of("ops-*")).build());
        expect(call("POST", "api/events/publish", token, "{\"event_type\":\"t\",\"channel\":\"ops-eu\"}"), 202, null);
        expect(call("POST", "api/events/publish", token, "{\"event_type\":\"t\",\"channel\":\"finance\"}"), 403,
                "forbidden");
        expect(call("POST", "api/message", token,
                "{\"type\":\"text\",\"content\":\"x\",\"sender\":\"s\",\"room\":\"ops-1\"}"), 201, null);
        // No room, or a broadcast, reaches every channel: beyond a restricted token.
        expect(call("POST", "api/message", token, text("to all")), 403, "forbidden");
        expect(call("POST", "api/messages/broadcast", token, text("to all")), 403, "forbidden");
    }

    @Test
    void connectionsNeedTheAdminRole() {
        expect(call("GET", "api/connections", null, null), 401, "unauthorized");
        expect(call("GET", "api/connections", badTokens().get("alg none"), null), 401, "unauthorized");
        expect(call("GET", "api/connections", hmac("writer", "publish", "subscribe"), null), 403, "forbidden");
        expect(call("GET", "api/connections", hmac("root", "admin"), null), 200, null);
    }

    @Test
    void rateLimitsAnswer429WithoutDroppingAnyone() {
        String flood = hmac("flood", "publish", "subscribe");
        String event = "{\"event_type\":\"t\",\"data\":{}}";
        int limited = 0;
        for (int i = 0; i < BURST + 10; i++) {
            HttpResponse<String> response = call("POST", "api/events/publish", flood, event);
            if (response.statusCode() == 429) {
                expect(response, 429, "rate_limited");
                limited++;
            } else {
                expect(response, 202, null);
            }
        }
        assertTrue(limited >= 5, "429s: " + limited);
        expect(call("POST", "api/events/publish", hmac("someone-else", "publish"), event), 202, null);

        URI endpoint = WebSocketTestClient.endpoint(node.base());
        try (WebSocketTestClient ws = WebSocketTestClient.connect(URI.create(endpoint + "?" + query(flood)), "flood");
             SocketIoTestClient io = SocketIoTestClient.connect(node.socketIoPort(), "websocket",
                     Map.of("token", flood), null)) {
            int wsLimited = 0;
            int ioLimited = 0;
            for (int i = 0; i < BURST + 10; i++) {
                JsonObject ack = ws.request(JsonSupport.obj("action", "join", "ref", "r" + i, "room", "ops"));
                if (!ack.getBoolean("ok")) {
                    assertEquals("rate_limited", ack.getJsonObject("error").getString("error"));
                    wsLimited++;
                }
                JSONObject reply = io.request("join", new JSONObject(Map.of("room", "ops")));
                if (!reply.getBoolean("ok")) {
                    assertEquals("rate_limited", reply.getJSONObject("error").get("error"));
                    ioLimited++;
                }
            }
            assertTrue(wsLimited >= 5 && ioLimited >= 5, "limited: websocket " + wsLimited + ", socket.io " + ioLimited);
            assertTrue(ws.isOpen() && io.connected(), "a rate-limited connection stays open");
        }
    }

    @Test
    void corsAnswersOnlyTheConfiguredOrigin() {
        for (String path : List.of("api/message", "api/events", "stream")) {
            HttpResponse<String> allowed = preflight(path, APP_ORIGIN);
            assertEquals(APP_ORIGIN, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    path + " " + allowed.headers().map());
            assertTrue(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
            HttpResponse<String> foreign = preflight(path, "https://evil.test");
            assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), path);
        }
    }

    private static HttpResponse<String> preflight(String path, String origin) {
        HttpRequest request = HttpRequest.newBuilder(node.base().resolve(path)).timeout(Duration.ofSeconds(20))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void webSocketUpgradesOnlyForAllowedOrigins() throws Exception {
        String path = "/ws/messages?" + query(hmac("gina", "subscribe"));
        assertEquals(403, RawWebSocket.refusedStatus(node.base().getPort(), path, Map.of("Origin", "https://evil.test")));
        try (RawWebSocket allowed = RawWebSocket.open(node.base().getPort(), path, Map.of("Origin", APP_ORIGIN))) {
            allowed.await(frame -> frame.contains("welcome"));
        }
    }

    // ------------------------------------------------------------------------------------------ SSE

    @Test
    void presenceNeedsSubscribeOnTheRoomAndNamesMembersByTheirTokensSubject() {
        String room = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "api/rooms/" + room + "/presence";
        expect(call("GET", path, null, null), 401, "unauthorized");
        expect(call("GET", path, hmac("writer", "publish"), null), 403, "forbidden");
        String finance = TestTokens.hmac(TestTokens.claims("fin", List.of("subscribe"), List.of("finance-*")).build());
        expect(call("GET", path, finance, null), 403, "forbidden");
        expect(call("GET", "api/rooms", null, null), 401, "unauthorized");

        // A name given beside a token is not who the member is: the token's subject is.
        try (RawSseClient member = api.openRaw("api/events?channel=" + room + "&user=someone-else",
                Map.of("Authorization", "Bearer " + hmac("reader", "subscribe")))) {
            member.expectEventStream();
            JsonObject list = SystemTestSupport.awaitValue(
                    () -> expect(call("GET", path, hmac("auditor", "subscribe"), null), 200, null),
                    body -> body.getJsonArray("members").size() == 1, SystemTestSupport.DELIVERY_TIMEOUT,
                    Duration.ofMillis(200), "the member listed");
            assertEquals("reader", list.getJsonArray("members").getJsonObject(0).getString("user"), list::toString);
            assertTrue(expect(call("GET", "api/rooms", hmac("auditor", "subscribe"), null), 200, null)
                    .getJsonArray("rooms").toString().contains("\"" + room + "\""));
            assertFalse(expect(call("GET", "api/rooms", finance, null), 200, null).getJsonArray("rooms").toString()
                    .contains(room), "rooms the token may not follow are not listed");
        }
    }

    @Test
    void sseNeedsTheSubscribeRoleByHeaderOrQueryAndTheChannelAllowed() {
        for (String path : List.of("api/events", "stream")) {
            expect(callSse(path, null, null), 401, "unauthorized");
            badTokens().forEach((what, token) -> expect(callSse(path + "?" + query(token), null, null), 401,
                    "unauthorized"));
            expect(callSse(path, hmac("writer", "publish"), null), 403, "forbidden");
        }
        String restricted = TestTokens.hmac(TestTokens.claims("ops", List.of("subscribe"), List.of("ops-*")).build());
        expect(callSse("api/events", restricted, null), 403, "forbidden"); // every channel
        expect(callSse("stream?channel=finance", restricted, null), 403, "forbidden");

        String channel = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        try (RawSseClient byQuery = api.openRaw("stream?channel=" + channel + "&" + query(restricted), Map.of());
             RawSseClient byHeader = api.openRaw("api/events?channel=" + channel,
                     Map.of("Authorization", "Bearer " + hmac("reader", "subscribe")))) {
            byQuery.expectEventStream();
            byHeader.expectEventStream();
            String nonce = UUID.randomUUID().toString();
            expect(call("POST", "api/events/publish", hmac("writer", "publish"),
                    "{\"event_type\":\"t\",\"channel\":\"" + channel + "\",\"data\":{\"n\":\"" + nonce + "\"}}"),
                    202, null);
            byQuery.frames().await(f -> f.hasData() && f.data().contains(nonce), SystemTestSupport.DELIVERY_TIMEOUT,
                    "the event on /stream");
            byHeader.frames().await(f -> f.hasData() && f.data().contains(nonce), SystemTestSupport.DELIVERY_TIMEOUT,
                    "the event on /api/events");
        }
    }

    /** The answer to an SSE request expected to be refused (so it ends); fails if a stream stays open instead. */
    private static HttpResponse<String> callSse(String path, String token, String unused) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.base().resolve(path))
                .timeout(Duration.ofSeconds(20)).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var pending = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            return pending.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new AssertionError(path + ": a stream was opened instead of a refusal");
        } catch (ExecutionException e) {
            throw new AssertionError(path + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------------------------------ Socket.IO

    /** The direct port, or the app server's own port: the same engine, the same rules. */
    private static int socketIoPort(String entry) {
        return entry.equals("direct") ? node.socketIoPort() : node.base().getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "app-server"})
    void socketIoRefusesAConnectionWithoutAValidTokenWithAReason(String entry) {
        int port = socketIoPort(entry);
        assertRefused(SocketIoTestClient.refusal(port, null, null));
        assertRefused(SocketIoTestClient.refusal(port, Map.of(), null));
        badTokens().forEach((what, token) -> {
            assertRefused(SocketIoTestClient.refusal(port, Map.of("token", token), null));
            assertRefused(SocketIoTestClient.refusal(port, null, query(token)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "app-server"})
    void socketIoTakesTheTokenFromAnAuthorizationHeaderToo(String entry) {
        String token = hmac("erin", "subscribe");
        for (String transport : List.of("websocket", "polling")) {
            try (SocketIoTestClient client = SocketIoTestClient.connect(socketIoPort(entry), transport, null, null,
                    Map.of("Authorization", "Bearer " + token))) {
                assertTrue(client.connected());
                JSONObject readOnly = client.request("message", new JSONObject(Map.of("type", "text",
                        "content", "x", "sender", "erin")));
                assertEquals("forbidden", readOnly.getJSONObject("error").get("error"), readOnly::toString);
            }
        }
    }

    private static void assertRefused(Object reason) {
        assertTrue(String.valueOf(reason).contains("unauthorized"), "refusal: " + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "app-server"})
    void socketIoChecksEachMessageAndJoin(String entry) {
        int socketIoPort = socketIoPort(entry);
        String room = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        String restricted = TestTokens.hmac(TestTokens.claims("carol", List.of("publish", "subscribe"),
                List.of("ops-*")).build());
        try (SocketIoTestClient carol = SocketIoTestClient.connect(socketIoPort, "websocket",
                Map.of("token", restricted), null);
             SocketIoTestClient reader = SocketIoTestClient.connect(socketIoPort, "polling", null,
                     query(TOKENS.rsa(claims("dave", "subscribe").build())))) {
            assertEquals(true, carol.request("join", new JSONObject(Map.of("room", room))).get("ok"));
            JSONObject refusedJoin = carol.request("join", new JSONObject(Map.of("room", "finance")));
            assertEquals("forbidden", refusedJoin.getJSONObject("error").get("error"));
            assertEquals(true, reader.request("join", new JSONObject(Map.of("room", room))).get("ok"));

            JSONObject sent = carol.request("message", new JSONObject(Map.of("type", "text", "content", "hi " + room,
                    "sender", "someone-else", "room", room)));
            assertEquals(true, sent.get("ok"), sent.toString());
            Object delivered = reader.await("message", SocketIoTestClient.field("content", "hi " + room)).payload();
            assertEquals("carol", ((JSONObject) delivered).get("sender"));

            JSONObject toAll = carol.request("message", new JSONObject(Map.of("type", "text", "content", "all",
                    "sender", "x")));
            assertEquals("forbidden", toAll.getJSONObject("error").get("error"));
            JSONObject readOnly = reader.request("message", new JSONObject(Map.of("type", "text", "content", "ro",
                    "sender", "x", "room", room)));
            assertEquals("forbidden", readOnly.getJSONObject("error").get("error"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "app-server"})
    void socketIoMessagesForEveryClientReachOnlyClientsThatMaySubscribe(String entry) {
        int socketIoPort = socketIoPort(entry);
        String marker = "to everyone " + UUID.randomUUID();
        try (SocketIoTestClient writer = SocketIoTestClient.connect(socketIoPort, "websocket",
                Map.of("token", hmac("erin", "publish")), null);
             SocketIoTestClient reader = SocketIoTestClient.connect(socketIoPort, "websocket",
                     Map.of("token", hmac("frank", "subscribe")), null)) {
            JSONObject sent = writer.request("message", new JSONObject(Map.of("type", "text", "content", marker,
                    "sender", "x")));
            assertEquals(true, sent.get("ok"), sent.toString());
            reader.await("message", SocketIoTestClient.field("content", marker));
            // Anything sent to the writer before this ack would have reached it first (one connection, in order).
            JSONObject later = writer.request("message", new JSONObject(Map.of("type", "text", "content", "later",
                    "sender", "x", "room", "elsewhere")));
            assertEquals(true, later.get("ok"), later.toString());
            assertFalse(writer.hasReceived("message", SocketIoTestClient.field("content", marker)),
                    "a token without subscribe was sent a message for every client");
        }
    }

    // ------------------------------------------------------------------------------------------ WebSocket

    @Test
    void webSocketRefusesAConnectionWithoutAValidTokenWithCode1008() {
        URI endpoint = WebSocketTestClient.endpoint(node.base());
        assertClosedUnauthorized(endpoint);
        badTokens().forEach((what, token) -> assertClosedUnauthorized(URI.create(endpoint + "?" + query(token))));
    }

    private static void assertClosedUnauthorized(URI uri) {
        try (WebSocketTestClient client = WebSocketTestClient.connectUnwelcomed(uri, "refused")) {
            CloseReason reason = client.awaitClosed(Duration.ofSeconds(10));
            assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), reason.getCloseCode().getCode(),
                    uri + ": " + reason);
            assertTrue(reason.getReasonPhrase().startsWith("unauthorized"), reason.getReasonPhrase());
        }
    }

    @Test
    void webSocketChecksEachRequestAndStampsTheSender() {
        URI endpoint = WebSocketTestClient.endpoint(node.base());
        String room = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        String restricted = TestTokens.hmac(TestTokens.claims("erin", List.of("publish", "subscribe"),
                List.of("ops-*")).build());
        try (WebSocketTestClient erin = WebSocketTestClient.connect(
                URI.create(endpoint + "?" + query(restricted)), "erin");
             WebSocketTestClient reader = WebSocketTestClient.connect(
                     URI.create(endpoint + "?" + query(hmac("frank", "subscribe"))), "frank")) {
            assertEquals("forbidden", erin.request(JsonSupport.obj("action", "join", "ref", "j1", "room", "finance"))
                    .getJsonObject("error").getString("error"));
            assertTrue(reader.request(JsonSupport.obj("action", "join", "ref", "j2", "room", room)).getBoolean("ok"));
            JsonObject ack = erin.request(JsonSupport.obj("action", "message", "ref", "m1", "type", "text",
                    "content", "hello " + room, "sender", "not-erin", "room", room));
            assertTrue(ack.getBoolean("ok"), ack.toString());
            JsonObject event = reader.await(WebSocketTestClient.eventWithData("content", "hello " + room), "erin's");
            assertEquals("erin", event.getJsonObject("data").getString("sender"));

            assertEquals("forbidden", erin.request(JsonSupport.obj("action", "broadcast", "ref", "b1", "type", "text",
                    "content", "all", "sender", "x")).getJsonObject("error").getString("error"));
            assertEquals("forbidden", reader.request(JsonSupport.obj("action", "message", "ref", "m2", "type",
                    "text", "content", "ro", "sender", "x", "room", room)).getJsonObject("error").getString("error"));
        }
    }
}
