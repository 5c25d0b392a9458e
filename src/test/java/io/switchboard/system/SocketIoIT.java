package io.switchboard.system;

import static io.switchboard.testing.SocketIoTestClient.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Socket.IO transport in the deployed WAR, driven by the official Java client, next to REST and SSE; on the direct
 * port here, on the app server's own port in {@link SocketIoAppServerPortIT}.
 */
@Timeout(120)
class SocketIoIT extends SocketIoSystemTest {

    private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void connectsAtTheSeedsPathAndShowsInHealthAndConnections(String transport) {
        String id;
        try (SocketIoTestClient client = SocketIoTestClient.connect(entryPort(), transport)) {
            id = "socketio-" + client.id();

            JsonObject listed = await(() -> connection(id), c -> c != null, id + " in /api/connections");
            assertEquals("socketio", listed.getString("transport"));
            assertEquals("127.0.0.1", listed.getString("remote_address"));
            JsonObject socketio = get("api/health").getJsonObject("components").getJsonObject("socketio");
            assertEquals("UP", socketio.getString("status"));
            // Counted together with any other test's session still open.
            assertTrue(socketio.getInt("connections") >= 1, socketio::toString);
        }
        await(() -> connection(id), c -> c == null, id + " gone from /api/connections");
    }

    private JsonObject connection(String id) {
        return get("api/connections").getJsonArray("connections").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("id").equals(id)).findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void messagesAreAckedOrRefusedAndRefusalsWithoutAckComeAsErrorEvents(String transport) throws Exception {
        try (SocketIoTestClient sender = SocketIoTestClient.connect(entryPort(), transport);
             SocketIoTestClient receiver = SocketIoTestClient.connect(entryPort(), transport)) {
            JSONObject ok = sender.request("message", message("text", "Hello", null));
            JSONObject image = sender.request("message", message("image", PNG, null));
            JSONObject refused = sender.request("message", message("video", "x", null));
            sender.emit("message", message("text", "", null));

            assertEquals(true, ok.get("ok"));
            assertEquals(true, image.get("ok"));
            JSONObject received = receiver.await("message", field("id", ok.getString("id"))).json();
            assertEquals("Hello", received.getString("content"));
            assertEquals("socketio-it", received.getString("sender"));
            assertEquals(PNG, receiver.await("message", field("id", image.getString("id"))).json().getString("content"));
            assertEquals(false, refused.get("ok"));
            assertEquals("unknown_type", refused.getJSONObject("error").getString("error"));
            assertEquals("type", refused.getJSONObject("error").getString("field"));
            sender.await("error", field("field", "content"));
            assertTrue(sender.connected());
        }
    }

    @Test
    void roomMessagesReachMembersOnly() throws Exception {
        String room = unique("room");
        try (SocketIoTestClient member = SocketIoTestClient.connect(entryPort(), "websocket");
             SocketIoTestClient outsider = SocketIoTestClient.connect(entryPort(), "polling");
             SocketIoTestClient sender = SocketIoTestClient.connect(entryPort(), "websocket")) {
            JSONObject joined = member.request("join", new JSONObject().put("room", room));
            assertEquals(room, joined.getString("room"));
            assertEquals("invalid_field", member.request("join", new JSONObject().put("room", "no spaces"))
                    .getJSONObject("error").getString("error"));
            JsonObject listed = get("api/connections").getJsonArray("connections").getValuesAs(JsonObject.class)
                    .stream().filter(c -> c.getString("id").equals("socketio-" + member.id())).findFirst().orElseThrow();
            assertEquals(Json.createArrayBuilder().add(room).build(), listed.getJsonArray("rooms"));

            String inRoom = sender.request("message", message("text", "for the room", room)).getString("id");
            String forAll = sender.request("message", message("text", "for everyone", null)).getString("id");

            member.await("message", field("id", inRoom));
            outsider.await("message", field("id", forAll));
            member.await("message", field("id", forAll));
            assertFalse(outsider.hasReceived("message", field("id", inRoom)));

            assertEquals(true, member.request("leave", new JSONObject().put("room", room)).get("ok"));
            String afterLeave = sender.request("message", message("text", "gone", room)).getString("id");
            String marker = sender.request("message", message("text", "marker", null)).getString("id");
            member.await("message", field("id", marker));
            assertFalse(member.hasReceived("message", field("id", afterLeave)));
        }
    }

    @Test
    void restMessagesBroadcastsAndEventsReachSocketIoClients() throws Exception {
        String channel = unique("chan");
        try (SocketIoTestClient client = SocketIoTestClient.connect(entryPort(), "websocket")) {
            client.request("join", new JSONObject().put("room", channel));

            String message = post("api/message", rest("via REST", null), 201).getString("id");
            String broadcast = post("api/messages/broadcast", rest("broadcast", channel + "x"), 202).getString("id");
            String event = post("api/events/publish", Json.createObjectBuilder().add("event_type", "deploy")
                    .add("data", Json.createObjectBuilder().add("version", "1.2")).add("channel", channel).build(), 202)
                    .getString("id");

            assertEquals("via REST", client.await("message", field("id", message)).json().getString("content"));
            assertEquals("broadcast", client.await("message", field("id", broadcast)).json().getString("content"));
            JSONObject envelope = client.await("event", field("id", event)).json();
            assertEquals("deploy", envelope.getString("event_type"));
            assertEquals("1.2", envelope.getJSONObject("data").getString("version"));
            assertEquals(channel, envelope.getString("channel"));
            assertEquals("rest", envelope.getString("source"));
        }
    }

    @Test
    void aSocketIoMessageReachesSseSubscribersOfItsRoom() throws Exception {
        String room = unique("room");
        List<InboundSseEvent> events = new CopyOnWriteArrayList<>();
        int sseBefore = healthConnections("sse");
        try (SseEventSource source = SseEventSource.target(target("api/events").queryParam("channel", room))
                .reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
             SocketIoTestClient sender = SocketIoTestClient.connect(entryPort(), "websocket")) {
            source.register(events::add);
            source.open();
            await(() -> healthConnections("sse"), count -> count > sseBefore, "the SSE subscriber to be live");

            String id = sender.request("message", message("text", "to SSE", room)).getString("id");

            JsonObject envelope = await(() -> events.stream().filter(e -> id.equals(e.getId()))
                    .map(e -> parse(e.readData())).findFirst().orElse(null), e -> e != null, "SSE event " + id);
            assertEquals("message", envelope.getString("event_type"));
            assertEquals("socketio", envelope.getString("source"));
            assertEquals(room, envelope.getString("channel"));
            assertEquals("to SSE", envelope.getJsonObject("data").getString("content"));
        }
    }

    @Test
    void twoHundredConnectsAndDisconnectsLeaveTheRegistryAsItWas() {
        int before = healthConnections("socketio");
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            try (SocketIoTestClient client = SocketIoTestClient.connect(entryPort(), i % 2 == 0 ? "websocket" : "polling")) {
                ids.add("socketio-" + client.id());
            }
        }
        assertEquals(200, ids.size());
        // Closing is asynchronous: wait for every one of ours to be gone. Other tests' sessions may be timing out
        // meanwhile, so the count may end below where it started, never above. A polling client's last poll racing
        // its disconnect used to bring the session back for good (about 1 in 200 here); a client whose close packet
        // is lost is only noticed by the server's ping timeout, so the bound is ping interval + ping timeout
        // (25 s + 20 s by default) plus a margin.
        Set<String> left = await(() -> get("api/connections").getJsonArray("connections")
                .getValuesAs(JsonObject.class).stream().map(c -> c.getString("id")).filter(ids::contains)
                .collect(Collectors.toSet()), Set::isEmpty, "all 200 connections to leave the registry",
                Duration.ofSeconds(60));
        assertEquals(Set.of(), left);
        assertTrue(healthConnections("socketio") <= before);
    }

    @Test
    void theDeployedServerSpeaksEngineIo4Strictly() throws Exception {
        RawHttp.Response open = RawHttp.request(entryPort(), "GET", "/ws/chat/?EIO=4&transport=polling", null,
                Duration.ofSeconds(5));
        assertEquals(1_000_000, new JSONObject(open.body().substring(1)).getInt("maxPayload"));
        RawHttp.Response oldProtocol = RawHttp.request(entryPort(), "GET", "/ws/chat/?EIO=3&transport=polling",
                null, Duration.ofSeconds(5));
        assertEquals(400, oldProtocol.status());
        assertEquals("{\"code\":5,\"message\":\"Unsupported protocol version\"}", oldProtocol.body());
        assertEquals(400, RawHttp.request(entryPort(), "GET", "/ws/chat/?EIO=4&transport=polling&sid="
                + UUID.randomUUID(), null, Duration.ofSeconds(5)).status());
    }

    /**
     * The cross-transport matrix: a message sent over REST, Socket.IO or WebSocket reaches an SSE subscriber, a
     * Socket.IO client and a WebSocket client of its room with the same id, type, content and sender.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rest", "socketio", "websocket"})
    void aMessageFromAnyTransportReachesEveryTransportIntact(String from) throws Exception {
        String room = unique("matrix");
        String type = switch (from) {
            case "rest" -> "text";
            case "socketio" -> "image";
            default -> "audio";
        };
        String content = switch (type) {
            case "text" -> "from " + from + " " + unique("c");
            case "image" -> PNG;
            default -> "data:audio/ogg;base64,T2dnUwACAAAAAAAAAAA=";
        };
        String sender = from + "-sender";
        List<InboundSseEvent> sse = new CopyOnWriteArrayList<>();
        int sseBefore = healthConnections("sse");
        try (SseEventSource source = SseEventSource.target(target("api/events").queryParam("channel", room))
                .reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
             SocketIoTestClient socketIo = SocketIoTestClient.connect(entryPort(), "websocket");
             WebSocketTestClient webSocket = WebSocketTestClient.connect(WebSocketTestClient.endpoint(base), "matrix")) {
            source.register(sse::add);
            source.open();
            await(() -> healthConnections("sse"), count -> count > sseBefore, "the SSE subscriber to be live");
            socketIo.request("join", new JSONObject().put("room", room));
            webSocket.request(Json.createObjectBuilder().add("action", "join").add("ref", "join").add("room", room)
                    .build());

            JsonObject message = Json.createObjectBuilder().add("type", type).add("content", content)
                    .add("sender", sender).add("room", room).build();
            String id = switch (from) {
                case "rest" -> post("api/message", message, 201).getString("id");
                case "socketio" -> socketIo.request("message", new JSONObject(message.toString())).getString("id");
                default -> webSocket.request(Json.createObjectBuilder(message).add("action", "message")
                        .add("ref", "send").build()).getString("id");
            };

            JsonObject viaSse = await(() -> sse.stream().filter(e -> id.equals(e.getId()))
                    .map(e -> parse(e.readData())).findFirst().orElse(null), e -> e != null, "SSE event " + id)
                    .getJsonObject("data");
            JsonObject viaSocketIo = parse(socketIo.await("message", field("id", id)).json().toString());
            JsonObject viaWebSocket = webSocket.await(frame -> "event".equals(frame.getString("kind", null))
                    && id.equals(frame.getString("id", null)), "WebSocket event " + id).getJsonObject("data");
            for (JsonObject received : List.of(viaSse, viaSocketIo, viaWebSocket)) {
                assertEquals(id, received.getString("id"), received::toString);
                assertEquals(type, received.getString("type"), received::toString);
                assertEquals(content, received.getString("content"), received::toString);
                assertEquals(sender, received.getString("sender"), received::toString);
                assertEquals(room, received.getString("room"), received::toString);
            }
        }
    }

    /**
     * Binary content (issue 13): an image sent as {@code byte[]} by the Java client reaches Socket.IO receivers as the
     * same bytes, and SSE subscribers, WebSocket clients and history readers as a {@code data:} URL of those bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void binaryContentReachesEveryTransportWithTheSameBytes(String transport) throws Exception {
        String room = unique("binary");
        byte[] png = new byte[40_000];
        new java.util.Random(transport.length()).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, png, 0, 8);
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        List<InboundSseEvent> sse = new CopyOnWriteArrayList<>();
        int sseBefore = healthConnections("sse");
        try (SseEventSource source = SseEventSource.target(target("api/events").queryParam("channel", room))
                .reconnectingEvery(500, TimeUnit.MILLISECONDS).build();
             SocketIoTestClient sender = SocketIoTestClient.connect(entryPort(), transport);
             SocketIoTestClient receiver = SocketIoTestClient.connect(entryPort(), "polling".equals(transport)
                     ? "websocket" : "polling");
             WebSocketTestClient webSocket = WebSocketTestClient.connect(WebSocketTestClient.endpoint(base), "binary")) {
            source.register(sse::add);
            source.open();
            await(() -> healthConnections("sse"), count -> count > sseBefore, "the SSE subscriber to be live");
            receiver.request("join", new JSONObject().put("room", room));
            sender.request("join", new JSONObject().put("room", room));
            webSocket.request(Json.createObjectBuilder().add("action", "join").add("ref", "join").add("room", room)
                    .build());
            String before = sender.request("message", message("text", "before the image", room)).getString("id");

            JSONObject ack = sender.request("message", new JSONObject().put("type", "image").put("content", png)
                    .put("sender", "binary-it").put("room", room));

            assertEquals(true, ack.get("ok"), ack::toString);
            String id = ack.getString("id");
            JSONObject viaSocketIo = receiver.await("message", field("id", id)).json();
            assertTrue(Arrays.equals(png, (byte[]) viaSocketIo.get("content")), "Socket.IO: other bytes");
            assertEquals("image/png", viaSocketIo.get("media_type"));
            JsonObject viaSse = await(() -> sse.stream().filter(e -> id.equals(e.getId()))
                    .map(e -> parse(e.readData())).findFirst().orElse(null), e -> e != null, "SSE event " + id)
                    .getJsonObject("data");
            JsonObject viaWebSocket = webSocket.await(frame -> "event".equals(frame.getString("kind", null))
                    && id.equals(frame.getString("id", null)), "WebSocket event " + id).getJsonObject("data");
            JSONObject page = sender.request("history", new JSONObject().put("since", before).put("channel", room));
            JsonObject viaHistory = parse(page.getJSONArray("events").getJSONObject(0).getJSONObject("data")
                    .toString());
            for (JsonObject received : List.of(viaSse, viaWebSocket, viaHistory)) {
                assertEquals(dataUrl, received.getString("content"), "a data: URL of the same bytes");
                assertEquals("image/png", received.getString("media_type"));
                assertEquals("image", received.getString("type"));
                assertEquals(id, received.getString("id"));
            }
            assertTrue(sender.connected() && receiver.connected());
        }
    }

    /** A binary packet over max-payload in all (each frame or body within it) closes the sender's connection only. */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void aBinaryPacketOverMaxPayloadClosesTheSendersConnectionOnly(String transport) throws Exception {
        try (SocketIoTestClient sender = SocketIoTestClient.connect(entryPort(), transport);
             SocketIoTestClient bystander = SocketIoTestClient.connect(entryPort(), "websocket")) {
            // Two attachments of 600 kB: each frame (or polling body) is within the default max-payload of 1 MB.
            sender.emit("message", new JSONObject().put("type", "image").put("content", new byte[600_000])
                    .put("extra", new byte[600_000]).put("sender", "big"));

            await(() -> sender.disconnects().size(), count -> count > 0, "the oversized sender to be disconnected");
            assertEquals(true, bystander.request("message", message("text", "still here", null)).get("ok"));
        }
    }

    /** Attachment counts that do not match the placeholders close that connection, as the reference's parser does. */
    @Test
    void malformedBinaryPacketsCloseTheSendersConnectionOnly() throws Exception {
        try (SocketIoTestClient bystander = SocketIoTestClient.connect(entryPort(), "polling")) {
            for (String header : List.of("452-[\"message\",{\"_placeholder\":true,\"num\":0}]",
                    "451-[\"message\",{\"_placeholder\":true,\"num\":3}]")) {
                try (RawWebSocket attacker = RawWebSocket.open(entryPort(), "/ws/chat/?EIO=4&transport=websocket")) {
                    attacker.await(text -> text.startsWith("0{"));
                    attacker.send("40");
                    attacker.await(text -> text.startsWith("40"));
                    attacker.send(header);
                    assertTrue(attacker.awaitClosed(TIMEOUT), header + ": still open");
                }
            }
            assertEquals(true, bystander.request("message", message("text", "untouched", null)).get("ok"));
            assertTrue(bystander.connected());
        }
    }

    private static JSONObject message(String type, String content, String room) throws Exception {
        JSONObject message = new JSONObject().put("type", type).put("content", content).put("sender", "socketio-it");
        return room == null ? message : message.put("room", room);
    }

    private static JsonObject rest(String content, String room) {
        var json = Json.createObjectBuilder().add("type", "text").add("content", content).add("sender", "rest-it");
        if (room != null) {
            json.add("room", room);
        }
        return json.build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
