package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.auth.AuthSettings;
import io.switchboard.auth.Authenticator;
import io.switchboard.connection.ConnectionRegistry;
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

/** The Socket.IO handshake's authentication, on a real engine with a real client, outside the app server. */
@Timeout(60)
class SocketIoAuthTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();
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
                io.switchboard.connection.ClientAddresses.trustingNoProxy());
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.stop();
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
}
