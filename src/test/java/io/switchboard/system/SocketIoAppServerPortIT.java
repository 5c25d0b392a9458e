package io.switchboard.system;

import static io.switchboard.testing.SocketIoTestClient.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawHttp;
import io.switchboard.testing.SocketIoTestClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every check of {@link SocketIoIT} again, through the app server's own HTTP port, as the seed's client writes it
 * ({@code io("http://host:8000", {path: "/ws/chat/"})}); and clients of both entry points in one hub.
 */
class SocketIoAppServerPortIT extends SocketIoIT {

    @Override
    protected int entryPort() {
        return httpPort();
    }

    /**
     * Differential, direct port against app server's port: the same malformed or refused Engine.IO requests get the
     * same status and the same body on both, and the node's own sessions are unharmed.
     */
    @Test
    void bothEntryPointsRefuseBadRequestsAlike() {
        for (String request : List.of(
                "GET /ws/chat/?EIO=3&transport=polling",
                "GET /ws/chat/?EIO=4&transport=carrier-pigeon",
                "GET /ws/chat/?EIO=4",
                "POST /ws/chat/?EIO=4&transport=polling",
                "GET /ws/chat/?EIO=4&transport=polling&sid=" + UUID.randomUUID(),
                "POST /ws/chat/?EIO=4&transport=polling&sid=" + UUID.randomUUID(),
                "GET /ws/chat/?EIO=4&transport=polling&sid=not-a-session-id",
                "PUT /ws/chat/?EIO=4&transport=polling",
                "GET /ws/chat/below?EIO=4&transport=polling")) {
            String[] parts = request.split(" ", 2);
            String body = parts[0].equals("GET") ? null : "4";
            RawHttp.Response direct = RawHttp.request(socketIoPort(), parts[0], parts[1], body, Duration.ofSeconds(10));
            RawHttp.Response appServer = RawHttp.request(httpPort(), parts[0], parts[1], body, Duration.ofSeconds(10));
            assertEquals(direct.status() + " " + direct.body(), appServer.status() + " " + appServer.body(), request);
            assertTrue(direct.status() >= 400, request + " answered " + direct.status());
        }
        // A body declared over max-payload (1,000,000 bytes) in a live session: refused on its length, before it is
        // sent (a client that sent it all at once could lose the answer to the reset of the closing connection).
        for (int port : List.of(socketIoPort(), httpPort())) {
            RawHttp.Response open = RawHttp.request(port, "GET", "/ws/chat/?EIO=4&transport=polling", null,
                    Duration.ofSeconds(10));
            String sid = new JSONObject(open.body().substring(1)).getString("sid");
            assertEquals("HTTP/1.1 413", statusLineOfHeadersOnly(port, "POST /ws/chat/?EIO=4&transport=polling&sid="
                    + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000001\r\n\r\n"),
                    "port " + port);
        }
    }

    /** Sends a request head alone and returns the first 12 characters of the answer's status line. */
    private static String statusLineOfHeadersOnly(int port, String head) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] status = socket.getInputStream().readNBytes(12);
            return new String(status, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void clientsOfBothEntryPointsShareRoomsAndMessages(String transport) throws Exception {
        assertNotEquals(httpPort(), socketIoPort());
        String room = "both-" + transport;
        try (SocketIoTestClient sameOrigin = SocketIoTestClient.connect(httpPort(), transport);
             SocketIoTestClient direct = SocketIoTestClient.connect(socketIoPort(), transport)) {
            sameOrigin.request("join", new JSONObject().put("room", room));
            direct.request("join", new JSONObject().put("room", room));

            String fromSameOrigin = sameOrigin.request("message", new JSONObject().put("type", "text")
                    .put("content", "from 8000").put("sender", "same-origin").put("room", room)).getString("id");
            String fromDirect = direct.request("message", new JSONObject().put("type", "text")
                    .put("content", "from 8001").put("sender", "direct").put("room", room)).getString("id");

            assertEquals("from 8000", direct.await("message", field("id", fromSameOrigin)).json()
                    .getString("content"));
            assertEquals("from 8001", sameOrigin.await("message", field("id", fromDirect)).json()
                    .getString("content"));
        }
    }
}
