package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.SocketIoTestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Presence across two nodes, A and B, each its own Payara Micro, on one real redis-server: members joining and leaving
 * on B by every transport, as A's followers of the room see them on every transport, and the lists and counts of both
 * nodes. B is killed with SIGKILL last: A must forget its members within the presence ttl and send their leaves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceIT {

    private static final long TTL_MILLIS = 3000;
    /** Generous for a loaded machine; the ttl itself is what the kill test waits out. */
    private static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(20);

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = TwoNodeCluster.start("presence", Map.of("switchboard.presence.ttl", String.valueOf(TTL_MILLIS),
                "switchboard.sse.heartbeat-interval", "1000", "switchboard.redis.reconnect-max", "1000"),
                PresenceIT::redisUp);
    }

    @AfterAll
    static void stopCluster() {
        SystemTestSupport.closeAll(cluster);
    }

    @Test
    @Order(1)
    void joinsAndLeavesOnEveryTransportOfBReachTheRoomsFollowersOnEveryTransportOfA() {
        String room = SystemTestSupport.unique("lobby");
        Followers onA = Followers.open(room);

        RawSseClient sseB = cluster.apiB().openRaw("api/events?channel=" + room + "&user=sse-b", Map.of())
                .expectEventStream();
        WebSocketTestClient wsB = WebSocketTestClient.connect(URI.create(
                WebSocketTestClient.endpoint(cluster.nodeB().base()) + "?user=ws-b"), "ws-b");
        SocketIoTestClient sioB = SocketIoTestClient.connect(cluster.nodeB().socketIoPort(), "websocket",
                Map.of("user", "sio-b"), null);
        try {
            assertTrue(wsB.request(JsonSupport.obj("action", "join", "ref", "j", "room", room)).getBoolean("ok"));
            assertEquals(room, sioB.request("join", new JSONObject().put("room", room)).getString("room"));
            for (String user : List.of("sse-b", "ws-b", "sio-b")) {
                onA.await("join", user);
            }

            // The same list on both nodes: A's four followers and B's three members.
            JsonObject listOnA = awaitMembers(cluster.apiA(), room, 7);
            JsonObject listOnB = awaitMembers(cluster.apiB(), room, 7);
            assertEquals(connectionIds(listOnA), connectionIds(listOnB));
            Map<String, JsonObject> byUser = listOnA.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                    .filter(member -> !member.isNull("user"))
                    .collect(Collectors.toMap(member -> member.getString("user"), member -> member));
            assertEquals(Set.of("sse-b", "ws-b", "sio-b"), byUser.keySet(), listOnA::toString);
            assertEquals("sse", byUser.get("sse-b").getString("transport"));
            assertEquals("websocket", byUser.get("ws-b").getString("transport"));
            assertEquals("socketio", byUser.get("sio-b").getString("transport"));
            assertEquals("socketio-" + sioB.id(), byUser.get("sio-b").getString("connection_id"));
            byUser.values().forEach(member -> assertEquals("B", member.getString("node"), member::toString));
            assertEquals(4, listOnA.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                    .filter(member -> member.getString("node").equals("A")).count());
            for (SwitchboardApi api : List.of(cluster.apiA(), cluster.apiB())) {
                assertEquals(7, count(api, room), "the count on both nodes");
            }

            JsonObject join = onA.websocket.await(Followers.webSocketPresence("join", "sio-b"), "sio-b's join");
            assertEquals(JsonSupport.obj("action", "join", "room", room, "connection_id", "socketio-" + sioB.id(),
                    "user", "sio-b", "transport", "socketio", "node", "B"), join.getJsonObject("data"));

            wsB.request(JsonSupport.obj("action", "leave", "ref", "l", "room", room));
            sioB.close();
            sseB.close();
            for (String user : List.of("ws-b", "sio-b", "sse-b")) {
                onA.await("leave", user);
            }
            awaitMembers(cluster.apiA(), room, 4);
            awaitMembers(cluster.apiB(), room, 4);
        } finally {
            sioB.close();
            wsB.close();
            sseB.close();
            onA.close();
        }
        // The followers on A left too.
        awaitMembers(cluster.apiB(), room, 0);
        SystemTestSupport.awaitValue(() -> roomsOf(cluster.apiB()).contains(room), listed -> !listed,
                PRESENCE_TIMEOUT, Duration.ofMillis(250), "an empty room unlisted");
    }

    @Test
    @Order(2)
    void badNamesAreRefusedAsOnEveryOtherField() {
        RawSseClient refused = cluster.apiA().openRaw("api/events?channel=ops&user=%07bell", Map.of());
        assertEquals(400, refused.status());
        assertTrue(refused.contentType().startsWith("application/json"), refused::contentType);
        refused.close();

        WebSocketTestClient longName = WebSocketTestClient.connectUnwelcomed(URI.create(
                WebSocketTestClient.endpoint(cluster.nodeA().base()) + "?user=" + "x".repeat(101)), "long name");
        CloseReason reason = longName.awaitClosed(SystemTestSupport.DELIVERY_TIMEOUT);
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().startsWith("invalid_field"), reason::getReasonPhrase);

        Object connectError = SocketIoTestClient.refusal(cluster.nodeA().socketIoPort(), Map.of("user", " "), null);
        assertTrue(String.valueOf(connectError).contains("invalid_field"), String.valueOf(connectError));

        cluster.apiA().get("api/rooms/bad!room/presence").expectError(400, "invalid_field", "room");
        cluster.apiA().postJson("api/events/publish", JsonSupport.obj("event_type", "presence", "data",
                JsonSupport.obj("action", "join"), "channel", "ops")).expectError(400, "invalid_field", "event_type");
    }

    @Test
    @Order(3)
    void aNodeKilledWithoutAGoodbyeLeavesNoGhosts() {
        String room = SystemTestSupport.unique("crash");
        RawSseClient followerOnA = cluster.apiA().openRaw("api/events?channel=" + room, Map.of()).expectEventStream();
        cluster.apiA().awaitLive(followerOnA, room);
        RawSseClient sseB = cluster.apiB().openRaw("stream?channel=" + room + "&user=doomed-sse", Map.of())
                .expectEventStream();
        WebSocketTestClient wsB = WebSocketTestClient.connect(URI.create(
                WebSocketTestClient.endpoint(cluster.nodeB().base()) + "?user=doomed-ws"), "doomed-ws");
        try {
            wsB.request(JsonSupport.obj("action", "join", "ref", "j", "room", room));
            awaitMembers(cluster.apiA(), room, 3);

            cluster.nodeB().process().destroyForcibly(); // SIGKILL: no goodbye of any kind
            long killedAt = System.nanoTime();
            awaitMembers(cluster.apiA(), room, 1);
            long goneAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
            for (String user : List.of("doomed-sse", "doomed-ws")) {
                followerOnA.frames().await(Followers.ssePresence("leave", user), PRESENCE_TIMEOUT, user + "'s leave");
            }
            assertEquals(1, count(cluster.apiA(), room));
            System.out.println("PresenceIT: B's members gone from A's list " + goneAfterMillis
                    + " ms after the kill (ttl " + TTL_MILLIS + " ms)");
        } finally {
            wsB.close();
            sseB.close();
            followerOnA.close();
        }
    }

    /** A's followers of one room, one per transport. */
    private record Followers(RawSseClient envelopes, RawSseClient named, WebSocketTestClient websocket,
                             SocketIoTestClient socketIo) implements AutoCloseable {

        static Followers open(String room) {
            RawSseClient envelopes = cluster.apiA().openRaw("api/events?channel=" + room, Map.of())
                    .expectEventStream();
            RawSseClient named = cluster.apiA().openRaw("stream?channel=" + room, Map.of()).expectEventStream();
            cluster.apiA().awaitLive(envelopes, room);
            cluster.apiA().awaitLive(named, room);
            WebSocketTestClient websocket = WebSocketTestClient.connect(
                    WebSocketTestClient.endpoint(cluster.nodeA().base()), "follower");
            websocket.request(JsonSupport.obj("action", "join", "ref", "j", "room", room));
            SocketIoTestClient socketIo = SocketIoTestClient.connect(cluster.nodeA().socketIoPort(), "polling");
            socketIo.request("join", new JSONObject().put("room", room));
            return new Followers(envelopes, named, websocket, socketIo);
        }

        void await(String action, String user) {
            envelopes.frames().await(ssePresence(action, user), PRESENCE_TIMEOUT, user + " " + action + " (envelope)");
            named.frames().await(frame -> "presence".equals(frame.event()) && hasPresence(frame.jsonObject(), action,
                    user), PRESENCE_TIMEOUT, user + " " + action + " (/stream)");
            websocket.awaitCount(webSocketPresence(action, user), 1, PRESENCE_TIMEOUT, user + " " + action);
            socketIo.awaitCount("presence", payload -> payload instanceof JSONObject json
                    && action.equals(json.optString("action")) && user.equals(json.optString("user")), 1,
                    PRESENCE_TIMEOUT, user + " " + action + " (Socket.IO)");
        }

        static Predicate<SseFrame> ssePresence(String action, String user) {
            return frame -> "presence".equals(frame.envelopeType())
                    && hasPresence(frame.jsonObject().getJsonObject("data"), action, user);
        }

        static Predicate<JsonObject> webSocketPresence(String action, String user) {
            return frame -> WebSocketTestClient.isEvent(frame) && "presence".equals(frame.getString("event_type"))
                    && hasPresence(frame.getJsonObject("data"), action, user);
        }

        private static boolean hasPresence(JsonObject data, String action, String user) {
            return action.equals(data.getString("action")) && !data.isNull("user")
                    && user.equals(data.getString("user"));
        }

        @Override
        public void close() {
            envelopes.close();
            named.close();
            websocket.close();
            socketIo.close();
        }
    }

    private static JsonObject awaitMembers(SwitchboardApi api, String room, int count) {
        return SystemTestSupport.awaitValue(() -> api.get("api/rooms/" + room + "/presence").expectJson(200),
                list -> list.getJsonArray("members").size() == count, PRESENCE_TIMEOUT, Duration.ofMillis(200),
                count + " members of " + room + " on " + api.base());
    }

    private static Set<String> connectionIds(JsonObject list) {
        return new HashSet<>(list.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(member -> member.getString("connection_id")).toList());
    }

    private static int count(SwitchboardApi api, String room) {
        return api.get("api/rooms").expectJson(200).getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                .filter(entry -> entry.getString("room").equals(room)).mapToInt(entry -> entry.getInt("members"))
                .findFirst().orElse(0);
    }

    private static Set<String> roomsOf(SwitchboardApi api) {
        return api.get("api/rooms").expectJson(200).getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                .map(entry -> entry.getString("room")).collect(Collectors.toSet());
    }

    private static boolean redisUp(String health) {
        return health.contains("\"redis\":{\"status\":\"up\"");
    }
}
