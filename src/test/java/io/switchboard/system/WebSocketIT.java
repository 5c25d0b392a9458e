package io.switchboard.system;

import static io.switchboard.system.JsonSupport.message;
import static io.switchboard.system.JsonSupport.obj;
import static io.switchboard.system.WebSocketTestClient.eventWithData;
import static io.switchboard.system.WebSocketTestClient.isAck;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ws://127.0.0.1:<port>/ws/messages} with a real Jakarta WebSocket client, next to REST and SSE. */
class WebSocketIT extends SystemTestBase {

    private static final int MAX_BYTES = 1_048_576;

    private final List<WebSocketTestClient> clients = new ArrayList<>();
    private URI endpoint;

    @BeforeEach
    void endpoint() {
        endpoint = WebSocketTestClient.endpoint(api.base());
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WebSocketTestClient::close);
    }

    private WebSocketTestClient connect(String name) {
        WebSocketTestClient client = WebSocketTestClient.connect(endpoint, name);
        clients.add(client);
        return client;
    }

    private static JsonObject frame(String action, String ref, String content, String room) {
        return obj("action", action, "ref", ref, "type", "text", "content", content, "sender", "ws-test", "room", room);
    }

    private static String content() {
        return "hello " + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- messages

    @Test
    void aMessageIsAckedWithItsIdAndDeliveredAsAnEvent() {
        WebSocketTestClient sender = connect("sender");
        WebSocketTestClient other = connect("other");
        String text = content();

        JsonObject ack = sender.request(frame("message", "m1", text, null));
        assertEquals(true, ack.getBoolean("ok"), ack::toString);
        String id = ack.getString("id");

        for (WebSocketTestClient client : List.of(sender, other)) {
            JsonObject event = client.await(eventWithData("content", text), "the message event");
            JsonObject data = event.getJsonObject("data");
            assertAll(client.toString(),
                    () -> assertEquals(id, event.getString("id")),
                    () -> assertEquals("message", event.getString("event_type")),
                    () -> assertEquals("websocket", event.getString("source")),
                    () -> assertNotNull(event.getString("timestamp")),
                    () -> assertFalse(event.containsKey("channel")),
                    () -> assertEquals(id, data.getString("id")),
                    () -> assertEquals("text", data.getString("type")),
                    () -> assertEquals("ws-test", data.getString("sender")));
        }
    }

    @Test
    void numericRefsAreEchoedAndBroadcastIsAcked() {
        WebSocketTestClient client = connect("numeric-ref");
        String text = content();
        client.send(obj("action", "broadcast", "ref", 42, "type", "text", "content", text, "sender", "s"));
        JsonObject ack = client.await(f -> isAck(f) && "42".equals(WebSocketTestClient.refOf(f)), "ack 42");
        assertTrue(ack.getBoolean("ok"), ack::toString);
        assertEquals(JsonValue.ValueType.NUMBER, ack.get("ref").getValueType());
        client.await(eventWithData("content", text), "the broadcast event");
    }

    @Test
    void restMessagesAndPublishedEventsReachWebSocketClients() {
        WebSocketTestClient client = connect("rest-listener");
        String text = content();
        JsonObject stored = api.postMessage(message("text", text, "rest-sender", null));

        JsonObject event = client.await(eventWithData("content", text), "the REST message");
        assertEquals(stored, event.getJsonObject("data"));
        assertEquals(stored.getString("id"), event.getString("id"));
        assertEquals("rest", event.getString("source"));

        String type = SystemTestSupport.unique("ws-evt");
        String publishedId = api.publish(type, obj("n", 1), null);
        JsonObject published = client.await(f -> type.equals(f.getString("event_type", null)), "the published event");
        assertEquals(publishedId, published.getString("id"));
        assertEquals(obj("n", 1), published.getJsonObject("data"));
        assertEquals("sse", published.getString("channel"));
    }

    @Test
    void aHistoryRequestReturnsWhatTheClientMissedInOrder() {
        String room = SystemTestSupport.unique("hist");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(api.postMessage(message("text", content(), "rest", room)).getString("id"));
        }
        api.postMessage(message("text", content(), "rest", SystemTestSupport.unique("elsewhere")));
        WebSocketTestClient client = connect("history");

        JsonObject ack = client.request(obj("action", "history", "ref", "h1", "since", ids.get(0), "channel", room));
        JsonObject refused = client.request(obj("action", "history", "ref", "h2", "since", "last tuesday"));

        assertEquals(true, ack.getBoolean("ok"), ack::toString);
        assertEquals(ids.subList(1, 4), ack.getJsonArray("events").stream()
                .map(event -> event.asJsonObject().getString("id")).toList(), ack::toString);
        assertEquals(false, ack.getBoolean("more"));
        assertErrorAck(refused, "invalid_field", "since");
    }

    @Test
    void webSocketMessagesReachSseClientsLikeRestMessages() {
        String room = SystemTestSupport.unique("room");
        JerseySseSubscriber all = api.subscribe("api/events");
        JerseySseSubscriber inRoom = api.subscribe("api/events?channel=" + room);
        JerseySseSubscriber elsewhere = api.subscribe("api/events?channel=" + SystemTestSupport.unique("other"));
        api.awaitLive(all, "sse");
        api.awaitLive(inRoom, room);
        WebSocketTestClient client = connect("ws-to-sse");

        String toRoom = content();
        String id = client.request(frame("message", "r", toRoom, room)).getString("id");
        for (JerseySseSubscriber subscriber : List.of(all, inRoom)) {
            SseFrame received = subscriber.frames().await(f -> f.hasData() && f.data().contains(toRoom),
                    SystemTestSupport.DELIVERY_TIMEOUT, "the WebSocket message");
            JsonObject envelope = received.jsonObject();
            assertEquals(id, received.id());
            assertEquals(id, envelope.getString("id"));
            assertEquals("message", envelope.getString("event_type"));
            assertEquals("websocket", envelope.getString("source"));
            assertEquals(room, envelope.getString("channel"));
            assertEquals(room, envelope.getJsonObject("data").getString("room"));
        }

        // A broadcast reaches every SSE client, whatever its channel; it being there proves the room message is not.
        String broadcast = content();
        client.request(frame("broadcast", "b", broadcast, room));
        elsewhere.frames().await(f -> f.hasData() && f.data().contains(broadcast), SystemTestSupport.DELIVERY_TIMEOUT,
                "the WebSocket broadcast");
        assertTrue(elsewhere.frames().matching(f -> f.hasData() && f.data().contains(toRoom)).isEmpty(),
                "a room message reached an SSE client of another channel");
    }

    // ---------------------------------------------------------------- rooms

    @Test
    void joinedRoomsNarrowWhatAConnectionReceives() {
        String red = SystemTestSupport.unique("red");
        String blue = SystemTestSupport.unique("blue");
        WebSocketTestClient inRed = connect("in-red");
        WebSocketTestClient inBlue = connect("in-blue");
        WebSocketTestClient inNone = connect("in-none");

        JsonObject joined = inRed.request(obj("action", "join", "room", red, "ref", "j1"));
        assertTrue(joined.getBoolean("ok"), joined::toString);
        assertEquals(List.of(red), joined.getJsonArray("rooms").getValuesAs(jakarta.json.JsonString::getString));
        assertTrue(inBlue.request(obj("action", "join", "room", blue, "ref", "j2")).getBoolean("ok"));

        String toRed = content();
        String toBlue = content();
        String toAll = content();
        api.postMessage(message("text", toRed, "rest", red));
        api.postMessage(message("text", toBlue, "rest", blue));
        api.postMessage(message("text", toAll, "rest", null));

        // Each client's frames arrive in publish order, so once toAll is there, anything else would be too.
        for (WebSocketTestClient client : List.of(inRed, inBlue, inNone)) {
            client.await(eventWithData("content", toAll), "the message for everyone");
        }
        assertReceived(inRed, toRed, true);
        assertReceived(inRed, toBlue, false);
        assertReceived(inBlue, toRed, false);
        assertReceived(inBlue, toBlue, true);
        assertReceived(inNone, toRed, true);
        assertReceived(inNone, toBlue, true);

        // A published event on a channel is a room's event too.
        String type = SystemTestSupport.unique("blue-evt");
        api.publish(type, null, blue);
        inBlue.await(f -> type.equals(f.getString("event_type", null)), "the event on its channel");

        // Leaving its only room, a connection follows everything again.
        JsonObject left = inRed.request(obj("action", "leave", "room", red, "ref", "l1"));
        assertTrue(left.getBoolean("ok"), left::toString);
        assertTrue(left.getJsonArray("rooms").isEmpty(), left::toString);
        String toBlueAgain = content();
        api.postMessage(message("text", toBlueAgain, "rest", blue));
        inRed.await(eventWithData("content", toBlueAgain), "a blue message after leaving red");
        assertTrue(inRed.matching(f -> type.equals(f.getString("event_type", null))).isEmpty(),
                "an event of a room it was not in");
    }

    private static void assertReceived(WebSocketTestClient client, String content, boolean expected) {
        assertEquals(expected, !client.matching(eventWithData("content", content)).isEmpty(),
                client + (expected ? " missed " : " received ") + content);
    }

    // ---------------------------------------------------------------- bad input

    static Stream<Arguments> badFrames() {
        String big = "x".repeat(MAX_BYTES + 1000);
        return Stream.of(
                Arguments.of("not JSON", "{\"action\":", "malformed_json", null, false),
                Arguments.of("an array", "[1,2]", "invalid_body", null, false),
                Arguments.of("a string", "\"message\"", "invalid_body", null, false),
                Arguments.of("no action", "{\"ref\":\"x\"}", "missing_field", "action", true),
                Arguments.of("unknown action", "{\"ref\":\"x\",\"action\":\"dance\"}", "unknown_action", "action", true),
                Arguments.of("numeric action", "{\"ref\":\"x\",\"action\":7}", "invalid_field", "action", true),
                Arguments.of("object ref", "{\"ref\":{},\"action\":\"join\",\"room\":\"a\"}", "invalid_field", "ref", false),
                Arguments.of("no content", frame("message", "x", null, null).toString(), "missing_field", "content", true),
                Arguments.of("unknown type", obj("action", "message", "ref", "x", "type", "video", "content", "c",
                        "sender", "s").toString(), "unknown_type", "type", true),
                Arguments.of("numeric content", obj("action", "broadcast", "ref", "x", "type", "text", "content", 5,
                        "sender", "s").toString(), "invalid_field", "content", true),
                Arguments.of("no sender", obj("action", "message", "ref", "x", "type", "text", "content", "c")
                        .toString(), "missing_field", "sender", true),
                Arguments.of("bad image", obj("action", "message", "ref", "x", "type", "image", "content",
                        "data:image/png;base64,@@@", "sender", "s").toString(), "invalid_field", "content", true),
                Arguments.of("bad room", frame("message", "x", "c", "no spaces").toString(), "invalid_field", "room",
                        true),
                Arguments.of("join without room", "{\"ref\":\"x\",\"action\":\"join\"}", "missing_field", "room", true),
                Arguments.of("join a bad room", "{\"ref\":\"x\",\"action\":\"join\",\"room\":\"a b\"}",
                        "invalid_field", "room", true),
                Arguments.of("leave a numeric room", "{\"ref\":\"x\",\"action\":\"leave\",\"room\":1}",
                        "invalid_field", "room", true),
                Arguments.of("too big", frame("message", "x", big, null).toString(), "payload_too_large", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFramesGetAnErrorAckAndTheConnectionStaysUp(String description, String text, String error, String field,
                                                      boolean refEchoed) {
        WebSocketTestClient bad = connect("bad");
        WebSocketTestClient bystander = connect("bystander");

        bad.sendText(text);
        JsonObject ack = bad.await(WebSocketTestClient::isAck, "an error ack");
        assertErrorAck(ack, error, field);
        assertEquals(refEchoed ? "x" : null, WebSocketTestClient.refOf(ack), ack::toString);

        assertStillServed(bad, bystander);
    }

    @Test
    void binaryFramesGetAnErrorAck() {
        WebSocketTestClient bad = connect("binary");
        WebSocketTestClient bystander = connect("bystander");
        bad.sendBinary(new byte[] {1, 2, 3});
        assertErrorAck(bad.await(WebSocketTestClient::isAck, "an error ack"), "unsupported_frame", null);
        assertStillServed(bad, bystander);
    }

    /**
     * Frames somewhat over the limit get a {@code payload_too_large} ack (the "too big" case above). Beyond twice the
     * limit the server refuses to buffer the message and closes the connection with 1009 (message too big), whether
     * it comes as one frame or in fragments. Other connections do not notice.
     */
    @ParameterizedTest(name = "fragmented: {0}")
    @CsvSource({"true, 3145728, 1009", "false, 3145728, 1009", "false, 4500000, 1009"})
    void aHugeMessageClosesOnlyItsConnection(boolean fragmented, int size, int expectedCode) {
        WebSocketTestClient huge = connect("huge");
        WebSocketTestClient bystander = connect("bystander");
        String text = frame("message", "x", "y".repeat(size), null).toString();
        huge.sendFragmented(text, fragmented ? 256 * 1024 : text.length());
        CloseReason reason = huge.awaitClosed(SystemTestSupport.DELIVERY_TIMEOUT);
        assertEquals(expectedCode, reason.getCloseCode().getCode(), reason::toString);
        assertFalse(reason.getReasonPhrase().isBlank(), reason::toString);
        assertTrue(huge.matching(WebSocketTestClient::isAck).isEmpty(), "no ack for a refused frame");

        String after = content();
        api.postMessage(message("text", after, "rest", null));
        bystander.await(eventWithData("content", after), "a message after the other connection closed");
    }

    private static void assertErrorAck(JsonObject ack, String error, String field) {
        assertFalse(ack.getBoolean("ok"), ack::toString);
        JsonObject body = ack.getJsonObject("error");
        assertEquals(error, body.getString("error"), ack::toString);
        assertFalse(body.getString("detail").isBlank(), ack::toString);
        assertEquals(field, body.getString("field", null), ack::toString);
    }

    /** The refused client can still send, and another client keeps receiving. */
    private void assertStillServed(WebSocketTestClient refused, WebSocketTestClient bystander) {
        assertTrue(refused.isOpen(), refused + " was closed");
        String text = content();
        JsonObject ack = refused.request(frame("message", "after", text, null));
        assertTrue(ack.getBoolean("ok"), ack::toString);
        bystander.await(eventWithData("content", text), "a message from the refused client");
        refused.await(eventWithData("content", text), "its own message");
    }

    // ---------------------------------------------------------------- slow clients

    /**
     * A client that stops reading is dropped by the server once a write to it has waited past the write timeout
     * (10 s by default): no longer counted, its connection closed; meanwhile another client gets everything.
     */
    @Test
    void aClientThatStopsReadingIsClosedWithoutDelayingOthers() {
        CountDownLatch gate = new CountDownLatch(1);
        WebSocketTestClient stalled = WebSocketTestClient.connectStalled(endpoint, "stalled", gate);
        clients.add(stalled);
        WebSocketTestClient fast = connect("fast");
        int before = SystemTestSupport.awaitValue(this::webSocketConnections, count -> count >= 2,
                SystemTestSupport.DELIVERY_TIMEOUT, Duration.ofMillis(100), "both connections");
        try {
            // 40 x 500 kB: far more than loopback socket buffers hold, so writes to the stalled client stall.
            String bulk = "z".repeat(500_000);
            String marker = content();
            for (int i = 0; i < 40; i++) {
                api.broadcast(message("text", i == 39 ? marker : bulk + i, "bulk", null));
            }
            fast.awaitCount(WebSocketTestClient::isEvent, 40, SystemTestSupport.BULK_TIMEOUT, "all 40 broadcasts");
            fast.await(eventWithData("content", marker), "the last broadcast");

            SystemTestSupport.awaitValue(this::webSocketConnections, count -> count == before - 1,
                    SystemTestSupport.BULK_TIMEOUT, Duration.ofMillis(250), "the stalled client dropped");
        } finally {
            gate.countDown();
        }
        // The server closes with 1008, but its close frame cannot get past the data the client never read: the server
        // drops the socket, and the client usually sees 1006 (abnormal closure) instead.
        CloseReason reason = stalled.awaitClosed(SystemTestSupport.BULK_TIMEOUT);
        int code = reason.getCloseCode().getCode();
        assertTrue(code == CloseReason.CloseCodes.VIOLATED_POLICY.getCode()
                || code == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), reason::toString);
        assertTrue(stalled.matching(WebSocketTestClient::isEvent).size() < 40, "the stalled client got everything");
        assertTrue(fast.isOpen());
    }

    // ---------------------------------------------------------------- connections

    @Test
    void connectionsAreListedWithTheirRooms() {
        WebSocketTestClient client = connect("listed");
        String room = SystemTestSupport.unique("listed");
        client.request(obj("action", "join", "room", room, "ref", "j"));

        JsonObject entry = SystemTestSupport.awaitValue(
                () -> api.get("api/connections").expectJson(200).getJsonArray("connections").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(c -> c.getJsonArray("rooms").toString().contains(room))
                        .findFirst().orElse(null),
                found -> found != null, SystemTestSupport.DELIVERY_TIMEOUT, Duration.ofMillis(200),
                "a listed connection in " + room);
        assertEquals("websocket", entry.getString("transport"), entry::toString);
        assertTrue(entry.getString("id").startsWith("websocket-"), entry::toString);
        assertEquals("127.0.0.1", entry.getString("remote_address"), entry::toString);
        assertTrue(webSocketConnections() >= 1);
        // Payara over plain HTTP: the frames go straight into Grizzly's transport writer, not the servlet stream.
        JsonObject websocket = api.health().getJsonObject("components").getJsonObject("websocket");
        assertTrue(websocket.getInt("writes_grizzly") >= 1, websocket::toString);
        assertEquals(0, websocket.getInt("writes_servlet"), websocket::toString);
    }

    @Test
    void twoHundredConnectAndDisconnectCyclesLeaveNoConnectionBehind() {
        int baseline = SystemTestSupport.awaitValue(this::settledWebSocketConnections, count -> count >= 0,
                SystemTestSupport.CLEANUP_TIMEOUT, Duration.ZERO, "a settled count");
        for (int i = 0; i < 200; i++) {
            WebSocketTestClient client = WebSocketTestClient.connect(endpoint, "cycle-" + i);
            if (i % 20 == 0) {
                // Now and then, a full round trip before closing, so that connections really are in use.
                assertTrue(client.request(obj("action", "join", "room", "cycle", "ref", "c" + i)).getBoolean("ok"));
            }
            client.close();
        }
        SystemTestSupport.awaitValue(this::webSocketConnections, count -> count == baseline,
                SystemTestSupport.CLEANUP_TIMEOUT, Duration.ofMillis(250), "websocket connections back to " + baseline);
        long listed = api.get("api/connections").expectJson(200).getJsonArray("connections").stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> "websocket".equals(c.getString("transport")))
                .count();
        assertEquals(baseline, listed, "websocket entries in /api/connections");
    }

    private int webSocketConnections() {
        JsonObject websocket = api.health().getJsonObject("components").getJsonObject("websocket");
        assertEquals("UP", websocket.getString("status"));
        return websocket.getInt("connections");
    }

    private int settledWebSocketConnections() {
        int before = webSocketConnections();
        SystemTestSupport.pause(Duration.ofMillis(500));
        int now = webSocketConnections();
        return now == before ? now : -1;
    }
}
