package io.switchboard.socketio;

import static io.switchboard.testing.SocketIoTestClient.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.connection.ConnectionInfo;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.history.HistoryPage;
import io.switchboard.message.Audience;
import io.switchboard.message.ChatMessage;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageValidator;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine on a real port with the official Java client; the hub is replaced by a list of sent messages. */
@Timeout(60)
class SocketIoEngineTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final List<ChatMessage> sent = new CopyOnWriteArrayList<>();
    private final List<HubEvent> delivered = new CopyOnWriteArrayList<>();
    private int port;
    private SocketIoEngine engine;

    @BeforeEach
    void start() {
        port = SocketIoTestClient.freePort();
        engine = newEngine(port);
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void connectsRegistersAndAcksMessages(String transport) throws Exception {
        try (SocketIoTestClient client = SocketIoTestClient.connect(port, transport)) {
            awaitRegistered(Set.of("socketio-" + client.id()));

            JSONObject ok = client.request("message", message("Hello"));
            JSONObject refused = client.request("message", new JSONObject().put("type", "text").put("sender", "a"));
            client.emit("message", new JSONObject().put("type", "text").put("content", "x"));

            assertEquals(true, ok.get("ok"));
            assertEquals(sent.get(0).id(), ok.get("id"));
            assertEquals(false, refused.get("ok"));
            assertEquals("missing_field", refused.getJSONObject("error").get("error"));
            assertEquals("content", refused.getJSONObject("error").get("field"));
            client.await("error", field("field", "sender"));
            assertTrue(client.connected());
        }
        awaitRegistered(Set.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void binaryContentIsAcceptedAndReachesSocketIoReceiversAsTheSameBytes(String transport) throws Exception {
        byte[] png = new byte[3000];
        new java.util.Random(7).nextBytes(png);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0}, 0, png, 0, 9);
        try (SocketIoTestClient sender = SocketIoTestClient.connect(port, transport);
             SocketIoTestClient overWebSocket = SocketIoTestClient.connect(port, "websocket");
             SocketIoTestClient overPolling = SocketIoTestClient.connect(port, "polling")) {
            JSONObject ok = sender.request("message", new JSONObject().put("type", "image").put("content", png)
                    .put("sender", "tester"));
            JSONObject typed = sender.request("message", new JSONObject().put("type", "audio")
                    .put("content", new byte[] {0, 1, 2, (byte) 255}).put("media_type", "audio/x-raw")
                    .put("sender", "tester"));
            JSONObject unknown = sender.request("message", new JSONObject().put("type", "image")
                    .put("content", new byte[] {0, 1, 2}).put("sender", "tester"));
            JSONObject asText = sender.request("message", new JSONObject().put("type", "text")
                    .put("content", png).put("sender", "tester"));

            assertEquals(true, ok.get("ok"), ok.toString());
            assertEquals(true, typed.get("ok"), typed.toString());
            assertEquals("media_type", unknown.getJSONObject("error").get("field"));
            assertEquals("content", asText.getJSONObject("error").get("field"));
            ChatMessage image = sent.get(0);
            assertEquals("image/png", image.mediaType());
            assertEquals("data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png), image.content());
            assertEquals("data:audio/x-raw;base64,AAEC/w==", sent.get(1).content());

            engine.deliver(new HubEvent(image.id(), "message", image.toJson(), image.timestamp(), "socketio", null,
                    Audience.EVERYONE));
            for (SocketIoTestClient receiver : List.of(overWebSocket, overPolling, sender)) {
                JSONObject received = receiver.await("message", field("id", image.id())).json();
                assertTrue(java.util.Arrays.equals(png, (byte[]) received.get("content")), receiver + " got other bytes");
                assertEquals("image/png", received.get("media_type"));
                assertEquals("tester", received.get("sender"));
            }
            JSONObject after = sender.request("message", message("after"));
            assertEquals(true, after.get("ok"));
            assertTrue(sender.connected());
        }
    }

    @Test
    void aPlaceholderInATextPacketIsNoBinaryContent() throws Exception {
        try (SocketIoTestClient client = SocketIoTestClient.connect(port, "websocket")) {
            JSONObject forged = client.request("message", new JSONObject().put("type", "image").put("sender", "a")
                    .put("content", new JSONObject().put("_placeholder", true).put("num", 0)));

            assertEquals("content", forged.getJSONObject("error").get("field"));
            assertTrue(client.connected());
        }
    }

    @Test
    void aRawBinaryEventOverWebSocketIsAckedAndMalformedOrOversizedOnesCloseThatConnectionOnly() throws Exception {
        String header = "451-0[\"message\",{\"type\":\"audio\",\"media_type\":\"audio/x-raw\",\"sender\":\"raw\","
                + "\"content\":{\"_placeholder\":true,\"num\":0}}]";
        try (SocketIoTestClient bystander = SocketIoTestClient.connect(port, "polling")) {
            try (RawWebSocket client = rawSocketIo()) {
                client.send(header);
                client.send("3"); // an Engine.IO packet between a header and its attachment is one of its own
                client.sendBinary(new byte[] {0, 1, 2});
                assertTrue(client.await(frame -> frame.startsWith("430[")).contains("\"ok\":true"));
                assertEquals("data:audio/x-raw;base64,AAEC", sent.get(sent.size() - 1).content());
            }
            List<List<Object>> malformed = List.of(
                    List.of("452-[\"message\",{\"_placeholder\":true,\"num\":0}]"), // two announced, one named
                    List.of(new byte[] {1, 2, 3}), // an attachment nobody announced
                    List.of(header, "42[\"message\",{}]"), // a packet where the attachment was due
                    List.of("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                            new byte[600_000], new byte[600_000])); // each frame within max-payload, not the packet
            for (List<Object> frames : malformed) {
                try (RawWebSocket attacker = rawSocketIo()) {
                    for (Object frame : frames) {
                        if (frame instanceof byte[] bytes) {
                            attacker.sendBinary(bytes);
                        } else {
                            attacker.send((String) frame);
                        }
                    }
                    assertTrue(attacker.awaitClosed(Duration.ofSeconds(10)), frames.size() + " frames: still open");
                }
            }
            assertEquals(true, bystander.request("message", message("untouched")).get("ok"));
        }
    }

    private RawWebSocket rawSocketIo() throws Exception {
        RawWebSocket socket = RawWebSocket.open(port, "/ws/chat/?EIO=4&transport=websocket");
        socket.await(text -> text.startsWith("0{"));
        socket.send("40");
        socket.await(text -> text.startsWith("40"));
        return socket;
    }

    @Test
    void malformedBinaryPacketsOverPollingCloseThatSessionOnly() throws Exception {
        try (SocketIoTestClient bystander = SocketIoTestClient.connect(port, "polling")) {
            String path = "/ws/chat/?EIO=4&transport=polling";
            String sid = new JSONObject(RawHttp.request(port, "GET", path, null, Duration.ofSeconds(5)).body()
                    .substring(1)).getString("sid");
            String session = path + "&sid=" + sid;
            RawHttp.request(port, "POST", session, "40", Duration.ofSeconds(5));
            assertTrue(RawHttp.request(port, "GET", session, null, Duration.ofSeconds(5)).body().startsWith("40"));
            // Two attachments announced, one placeholder: the reference's parser refuses it and closes.
            RawHttp.request(port, "POST", session, "452-1[\"message\",{\"_placeholder\":true,\"num\":0}]\u001ebAAE=",
                    Duration.ofSeconds(5));

            int status = 200;
            for (int poll = 0; poll < 5 && status == 200; poll++) { // what was queued before the close may come first
                status = RawHttp.request(port, "GET", session, null, Duration.ofSeconds(5)).status();
            }
            assertEquals(400, status);
            assertEquals(true, bystander.request("message", message("still here")).get("ok"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void historyIsAckedOffTheEventLoopWithTheMissedEnvelopes(String transport) throws Exception {
        delivered.add(hubEvent("7-0", "r1", Audience.CHANNEL));
        try (SocketIoTestClient client = SocketIoTestClient.connect(port, transport)) {
            JSONObject page = client.request("history", new JSONObject().put("since", "6-0").put("channel", "r1"));
            JSONObject refused = client.request("history", new JSONObject().put("since", "not an id"));

            assertEquals(true, page.get("ok"));
            assertEquals(false, page.get("more"));
            assertEquals(1, page.getJSONArray("events").length());
            assertEquals("7-0", page.getJSONArray("events").getJSONObject(0).get("id"));
            assertEquals("since", refused.getJSONObject("error").get("field"));
            assertTrue(client.connected());
        }
    }

    @Test
    void roomEventsReachMembersOnlyAndEveryoneEventsReachAll() throws Exception {
        try (SocketIoTestClient member = SocketIoTestClient.connect(port, "websocket");
             SocketIoTestClient outsider = SocketIoTestClient.connect(port, "polling")) {
            assertEquals(new JSONObject().put("ok", true).put("room", "r1").toString(),
                    member.request("join", new JSONObject().put("room", "r1")).toString());
            assertEquals(Set.of("r1"), roomsOf(member));

            engine.deliver(hubEvent("1-0", "r1", Audience.CHANNEL));
            engine.deliver(hubEvent("2-0", null, Audience.EVERYONE));

            member.await("message", field("id", "1-0"));
            member.await("message", field("id", "2-0"));
            outsider.await("message", field("id", "2-0"));
            assertFalse(outsider.hasReceived("message", field("id", "1-0")));

            member.request("leave", new JSONObject().put("room", "r1"));
            assertEquals(Set.of(), roomsOf(member));
        }
    }

    @Test
    void aTakenPortFailsLoudlyAndLeavesNoThreads() throws Exception {
        SocketIoEngine second = newEngine(port);
        IllegalStateException failure = assertThrows(IllegalStateException.class, second::start);
        assertTrue(failure.getMessage().contains(String.valueOf(port)), failure.getMessage());
        assertFalse(second.isRunning());
    }

    @Test
    void stopEndsEveryNettyThread() throws Exception {
        try (SocketIoTestClient client = SocketIoTestClient.connect(port, "websocket")) {
            assertTrue(client.connected());
        }
        engine.stop();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> left = nettyThreads();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            pause();
            left = nettyThreads();
        }
        assertEquals(Set.of(), left);
    }

    @Test
    void aClosedSessionsWaitingPollIsAnsweredAtOnce() throws Exception {
        String path = "/ws/chat/?EIO=4&transport=polling";
        RawHttp.Response open = RawHttp.request(port, "GET", path, null, Duration.ofSeconds(5));
        String sid = new JSONObject(open.body().substring(1)).getString("sid");
        String session = path + "&sid=" + sid;
        assertEquals("ok", RawHttp.request(port, "POST", session, "40", Duration.ofSeconds(5)).body());
        assertTrue(RawHttp.request(port, "GET", session, null, Duration.ofSeconds(5)).body().startsWith("40"));
        awaitRegistered(Set.of("socketio-" + sid));

        CompletableFuture<RawHttp.Response> waiting = RawHttp.requestAsync(port, "GET", session, null,
                Duration.ofSeconds(20));
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "the poll waits for data");
        long closedAt = System.nanoTime();
        assertEquals("ok", RawHttp.request(port, "POST", session, "1", Duration.ofSeconds(5)).body());

        RawHttp.Response answer = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(200, answer.status());
        assertEquals(PendingPolls.NOOP, answer.body());
        assertTrue(System.nanoTime() - closedAt < Duration.ofSeconds(2).toNanos());
        awaitRegistered(Set.of());
    }

    private SocketIoEngine newEngine(int onPort) {
        SocketIoSettings settings = new SocketIoSettings("127.0.0.1", onPort, List.of(), 25000, 20000, 1_000_000);
        ClientRequests requests = new ClientRequests(new MessageValidator(1_048_576), draft -> {
            ChatMessage accepted = draft.accepted("1-" + sent.size(), Instant.now());
            sent.add(accepted);
            return accepted;
        }, request -> CompletableFuture.supplyAsync(() -> new HistoryPage(List.copyOf(delivered), false)));
        return new SocketIoEngine(settings, requests, registry, getClass().getClassLoader());
    }

    private static JSONObject message(String content) throws Exception {
        return new JSONObject().put("type", "text").put("content", content).put("sender", "tester");
    }

    private static HubEvent hubEvent(String id, String room, Audience audience) {
        return new HubEvent(id, "message", Json.createObjectBuilder().add("id", id).build(), Instant.now(), "test",
                room, audience);
    }

    private Set<String> roomsOf(SocketIoTestClient client) throws Exception {
        return registry.list().stream().filter(c -> c.id().equals("socketio-" + client.id())).findFirst()
                .map(ConnectionInfo::rooms).orElseThrow();
    }

    private void awaitRegistered(Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> ids = ids();
        while (!ids.equals(expected) && System.nanoTime() < deadline) {
            pause();
            ids = ids();
        }
        assertEquals(expected, ids);
    }

    private Set<String> ids() {
        return registry.list().stream().map(ConnectionInfo::id).collect(Collectors.toSet());
    }

    private static Set<String> nettyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("nioEventLoopGroup") || name.startsWith("hashedWheelTimer"))
                .collect(Collectors.toSet());
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
