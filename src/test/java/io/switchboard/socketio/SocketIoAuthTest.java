package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.AuthSettings;
import io.switchboard.auth.Authenticator;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.TokenExpiry;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import io.switchboard.history.HistoryPage;
import io.switchboard.message.MessageValidator;
import io.switchboard.ratelimit.RateLimits;
import io.switchboard.testing.SocketIoTestClient;
import io.switchboard.testing.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Socket.IO handshake's authentication, and tokens that expire while connected (the engine's wiring of
 * {@link TokenExpiry}: watched at admission, renewed by {@code refresh}, forgotten at disconnect), on a real engine
 * with a real client, outside the app server.
 */
@Timeout(120)
class SocketIoAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final TokenExpiry expiry = new TokenExpiry(scheduler, Clock.systemUTC());
    private SocketIoEngine engine;
    private int port;

    @BeforeEach
    void start() {
        port = SocketIoTestClient.freePort();
        Authenticator authenticator = new Authenticator(new AuthSettings(Optional.of(TestTokens.SECRET),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false));
        engine = new SocketIoEngine(new SocketIoSettings("127.0.0.1", port, List.of(), 25000, 20000, 1_000_000),
                new ClientRequests(new MessageValidator(1 << 20), d -> d.accepted("1-0", Instant.now()),
                        request -> CompletableFuture.completedFuture(new HistoryPage(List.of(), false))), registry,
                getClass().getClassLoader(), authenticator, new RateLimits(0, 1),
                io.switchboard.connection.ClientAddresses.trustingNoProxy(), why -> { }, expiry);
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.stop();
        scheduler.shutdownNow();
    }

    private static String token(String... roles) {
        return TestTokens.hmac(TestTokens.claims("alice", List.of(roles), null).build());
    }

    @Test
    void aTokenInTheAuthPayloadOrTheQueryConnects() {
        try (SocketIoTestClient byAuth = SocketIoTestClient.connect(port, "websocket",
                Map.of("token", token("publish")), null);
             SocketIoTestClient byQuery = SocketIoTestClient.connect(port, "polling", null,
                     "token=" + token("publish"))) {
            JSONObject reply = byAuth.request("message", new JSONObject(Map.of("type", "text", "content", "x")));
            assertEquals(true, reply.get("ok"), reply.toString());
            assertEquals(true, byQuery.request("message", new JSONObject(Map.of("type", "text", "content", "y")))
                    .get("ok"));
        }
    }

    @Test
    void noOrABadTokenIsRefusedWithAReason() {
        for (Object reason : List.of(SocketIoTestClient.refusal(port, Map.of("token", "bad"), null),
                SocketIoTestClient.refusal(port, null, "token=bad"),
                SocketIoTestClient.refusal(port, null, null))) {
            assertTrue(String.valueOf(reason).contains("unauthorized"), String.valueOf(reason));
        }
    }

    private static Instant inSeconds(int seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String expiring(String subject, Instant exp) {
        return TestTokens.hmac(TestTokens.claims(subject, List.of("publish", "subscribe"), null)
                .expirationTime(Date.from(exp)).build());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void awaitExpired(SocketIoTestClient client, Instant exp) {
        await(() -> !client.disconnects().isEmpty(), "disconnected at exp");
        assertFalse(Instant.now().isBefore(exp), "disconnected before exp");
        client.await("error", SocketIoTestClient.field("error", "token_expired"));
        assertEquals("io server disconnect", String.valueOf(client.disconnects().get(0)));
    }

    @Test
    void aConnectionIsDisconnectedAtExpOverEitherTransport() {
        Instant exp = inSeconds(2);
        try (SocketIoTestClient ws = SocketIoTestClient.connect(port, "websocket",
                Map.of("token", expiring("a", exp)), null);
             SocketIoTestClient polling = SocketIoTestClient.connect(port, "polling",
                     Map.of("token", expiring("b", exp)), null)) {
            assertEquals(2, expiry.watched());
            awaitExpired(ws, exp);
            awaitExpired(polling, exp);
            await(() -> registry.count(SocketIoEngine.TRANSPORT) == 0, "unregistered");
            assertEquals(0, expiry.watched());
        }
    }

    @Test
    void aRefreshMovesTheExpiry() throws InterruptedException {
        Instant first = inSeconds(2);
        Instant second = inSeconds(5);
        try (SocketIoTestClient client = SocketIoTestClient.connect(port, "websocket",
                Map.of("token", expiring("a", first)), null)) {
            JSONObject ack = client.request("refresh", new JSONObject(Map.of("token", expiring("a", second))));
            assertEquals(true, ack.get("ok"), ack::toString);
            assertEquals(second.getEpochSecond(), ack.getLong("exp"));
            assertEquals(Optional.of(second), expiry.expiresAt(SocketIoEngine.TRANSPORT + "-" + client.id()));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), first.plusMillis(800)).toMillis()));
            assertTrue(client.disconnects().isEmpty(), "disconnected at the first exp");
            awaitExpired(client, second);
        }
    }

    @Test
    void aRefusedRefreshChangesNothing() {
        Instant exp = inSeconds(2);
        try (SocketIoTestClient client = SocketIoTestClient.connect(port, "websocket",
                Map.of("token", expiring("a", exp)), null)) {
            JSONObject other = client.request("refresh",
                    new JSONObject(Map.of("token", expiring("b", inSeconds(60)))));
            assertEquals("unauthorized", other.getJSONObject("error").get("error"), other::toString);
            JSONObject notAnObject = (JSONObject) client.emitWithAck("refresh", "a-token");
            assertEquals("invalid_body", notAnObject.getJSONObject("error").get("error"), notAnObject::toString);
            awaitExpired(client, exp);
        }
    }

    @Test
    void aClientThatLeavesIsForgotten() {
        SocketIoTestClient client = SocketIoTestClient.connect(port, "websocket",
                Map.of("token", expiring("a", inSeconds(3600))), null);
        assertEquals(1, expiry.watched());
        client.close();
        await(() -> expiry.watched() == 0, "the watch forgotten at disconnect");
    }
}
