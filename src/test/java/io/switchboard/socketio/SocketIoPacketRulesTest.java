package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.socketio.SocketIoPacketRules.Verdict;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SocketIoPacketRulesTest {

    static final String POLLING = "/ws/chat/?EIO=4&transport=polling";
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String MESSAGE = "[\"message\",{\"type\":\"text\",\"content\":\"x\",\"sender\":\"s\"}]";

    static int port;
    static SocketIoEngine engine;

    @BeforeAll
    static void start() {
        port = SocketIoTestClient.freePort();
        engine = EngineIoConformanceTest.engine(port, 25_000, 20_000);
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Test
    void validPacketsPass() {
        for (String packet : new String[] {"40", "40{}", "40/,{}", "42" + MESSAGE, "421" + MESSAGE, "431[{}]",
                "2", "3", "5", "1", "6", "2probe", "bAAEC", "451-[\"message\",{\"_placeholder\":true,\"num\":0}]"}) {
            assertEquals(Verdict.PASS, SocketIoPacketRules.verdict(packet, false), packet);
        }
        assertEquals(Verdict.LEAVE_MAIN_NAMESPACE, SocketIoPacketRules.verdict("41", false));
        assertEquals(Verdict.PASS, SocketIoPacketRules.verdict("40", true), "a CONNECT after leaving");
    }

    @Test
    void whatIsNoSocketIoPacketIsMalformed() {
        for (String packet : new String[] {"4", "4abc", "47", "4x[\"message\"]", "4 0"}) {
            assertEquals(Verdict.MALFORMED, SocketIoPacketRules.verdict(packet, false), packet);
        }
        assertEquals(Verdict.MALFORMED, SocketIoPacketRules.verdict("42" + MESSAGE, true),
                "an event on the namespace the client left");
    }

    @Test
    void connectToAnotherNamespaceIsAnUnknownNamespace() {
        assertEquals(Verdict.UNKNOWN_NAMESPACE, SocketIoPacketRules.verdict("40/random", false));
        assertEquals(Verdict.UNKNOWN_NAMESPACE, SocketIoPacketRules.verdict("40/random,{}", false));
        assertEquals("/random", SocketIoPacketRules.namespace("40/random,{}"));
        assertEquals("/admin", SocketIoPacketRules.namespace("451-/admin,[\"x\",{}]"));
        assertEquals("", SocketIoPacketRules.namespace("42[\"x\"]"));
        assertEquals("", SocketIoPacketRules.namespace("40/,{}"));
    }

    @Test
    void overPollingAMalformedPacketEndsTheSessionAndAnUnknownNamespaceIsAnsweredWithAnObject() {
        String session = POLLING + "&sid=" + new JSONObject(get(POLLING).body().substring(1)).getString("sid");
        assertEquals("ok", post(session, "40/random").body());
        assertEquals("44/random,{\"message\":\"Invalid namespace\"}", get(session).body());
        assertEquals("ok", post(session, "40").body());
        assertTrue(get(session).body().startsWith("40"));

        post(session, "4abc");

        RawHttp.Response after = get(session);
        for (int i = 0; i < 20 && after.status() == 200; i++) {
            after = get(session);
        }
        assertEquals(400, after.status(), after.toString());
    }

    @Test
    void afterLeavingTheMainNamespaceAClientMayConnectAgain() throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/ws/chat/?EIO=4&transport=websocket")) {
            socket.await(text -> text.startsWith("0{"));
            socket.send("40");
            socket.await(text -> text.startsWith("40"));
            socket.send("41");
            assertTrue(!socket.awaitClosed(Duration.ofMillis(300)), "the Engine.IO session stays up");
            socket.send("40");
            socket.send("421" + MESSAGE);
            assertTrue(socket.await(text -> text.startsWith("431")).contains("\"ok\":true"));
        }
    }

    @Test
    void anEventOnTheNamespaceTheClientLeftClosesTheConnection() throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/ws/chat/?EIO=4&transport=websocket")) {
            socket.await(text -> text.startsWith("0{"));
            socket.send("40");
            socket.await(text -> text.startsWith("40"));
            socket.send("41");
            socket.send("421" + MESSAGE);
            assertTrue(socket.awaitClosed(TIMEOUT));
        }
    }

    static RawHttp.Response get(String path) {
        return RawHttp.request(port, "GET", path, null, TIMEOUT);
    }

    static RawHttp.Response post(String path, String body) {
        return RawHttp.request(port, "POST", path, body, TIMEOUT);
    }
}
