package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes, A and B, each its own Payara Micro, on one real redis-server started here on a free port. B keeps a
 * short SSE history (so replays of older ids must come from the stream), a tiny outbox and a short readiness grace.
 * The outage test stops Redis and so runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final int B_OUTBOX = 3;
    private static final int B_HISTORY = 3;

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = TwoNodeCluster.start("cluster",
                Map.of("switchboard.sse.heartbeat-interval", "1000", "switchboard.redis.reconnect-max", "1000"),
                Map.of(),
                Map.of("switchboard.redis.outbox-size", String.valueOf(B_OUTBOX),
                        "switchboard.sse.history-size", String.valueOf(B_HISTORY),
                        "switchboard.history.size", String.valueOf(B_HISTORY),
                        "switchboard.redis.ready-grace", "2000"),
                ClusterIT::redisUp);
    }

    @AfterAll
    static void stopCluster() {
        SystemTestSupport.closeAll(cluster);
    }

    @Test
    @Order(1)
    void healthShowsRedisUpWithAnEmptyOutbox() {
        for (SwitchboardApi api : List.of(cluster.apiA(), cluster.apiB())) {
            JsonObject health = api.health();
            assertEquals("UP", health.getString("status"));
            JsonObject redisHealth = health.getJsonObject("components").getJsonObject("redis");
            assertEquals("up", redisHealth.getString("status"), health::toString);
            assertEquals(0, redisHealth.getInt("outbox"));
        }
    }

    @Test
    @Order(2)
    void whatIsPostedToAReachesClientsOnBothNodesOnceUnderTheSameId() {
        String channel = SystemTestSupport.unique("room");
        RawSseClient onA = cluster.apiA().openRaw("api/events?channel=" + channel, Map.of()).expectEventStream();
        RawSseClient onB = cluster.apiB().openRaw("api/events?channel=" + channel, Map.of()).expectEventStream();
        cluster.apiA().awaitLive(onA, channel);
        cluster.apiA().awaitLive(onB, channel);

        String eventId = cluster.apiA().publish("greeting", JsonSupport.obj("text", "from A"), channel);
        JsonObject message = cluster.apiB().postMessage(JsonSupport.message("text", "from B", "tester", channel));
        String messageId = message.getString("id");

        for (RawSseClient client : List.of(onA, onB)) {
            SseFrame event = client.frames().await(SseFrame.withId(eventId), SystemTestSupport.DELIVERY_TIMEOUT,
                    "the event posted to A");
            assertEquals("greeting", event.envelopeType());
            SseFrame chat = client.frames().await(SseFrame.withId(messageId), SystemTestSupport.DELIVERY_TIMEOUT,
                    "the message posted to B");
            assertEquals(messageId, chat.jsonObject().getJsonObject("data").getString("id"),
                    "a message's own id is its event id");
        }
        SystemTestSupport.pause(Duration.ofSeconds(1));
        for (RawSseClient client : List.of(onA, onB)) {
            assertEquals(1, client.frames().matching(SseFrame.withId(eventId)).size(), () -> client.frames() + " twice");
            assertEquals(1, client.frames().matching(SseFrame.withId(messageId)).size(), () -> client.frames() + " twice");
        }
    }

    @Test
    @Order(3)
    void clientsOnBothNodesSeeOneOrderWhenBothNodesPublishAtOnce() throws Exception {
        String channel = SystemTestSupport.unique("order");
        RawSseClient onA = cluster.apiA().openRaw("api/events?channel=" + channel, Map.of()).expectEventStream();
        RawSseClient onB = cluster.apiB().openRaw("api/events?channel=" + channel, Map.of()).expectEventStream();
        cluster.apiA().awaitLive(onA, channel);
        cluster.apiA().awaitLive(onB, channel);

        int perNode = 20;
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread toB = new Thread(() -> {
            for (int i = 0; i < perNode; i++) {
                ids.add(cluster.apiB().publish("burst", JsonSupport.obj("from", "B", "n", i), channel));
            }
        });
        toB.start();
        for (int i = 0; i < perNode; i++) {
            ids.add(cluster.apiA().publish("burst", JsonSupport.obj("from", "A", "n", i), channel));
        }
        toB.join(SystemTestSupport.BULK_TIMEOUT.toMillis());
        assertEquals(2 * perNode, ids.size());

        Predicate<SseFrame> burst = frame -> "burst".equals(frame.envelopeType());
        List<String> seenOnA = ids(onA.frames().awaitCount(burst, 2 * perNode, SystemTestSupport.BULK_TIMEOUT, "burst"));
        List<String> seenOnB = ids(onB.frames().awaitCount(burst, 2 * perNode, SystemTestSupport.BULK_TIMEOUT, "burst"));
        assertEquals(seenOnA, seenOnB, "the same order on both nodes");
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(SystemTestSupport.EVENT_ID_ORDER);
        assertEquals(sorted, seenOnA, "stream order, every answered id once");
    }

    private static List<String> ids(List<SseFrame> frames) {
        return frames.stream().map(SseFrame::id).toList();
    }

    @Test
    @Order(4)
    void aClientReconnectingToBWithAnIdFromAGetsWhatItMissedInOrder() {
        String channel = SystemTestSupport.unique("replay");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < B_HISTORY * 2; i++) {
            ids.add(cluster.apiA().publish("numbered", JsonSupport.obj("n", i), channel));
        }
        // B delivered them too, but keeps only the last few: the first ones must come from the stream.
        RawSseClient reconnected = cluster.apiB().openRaw("api/events?channel=" + channel,
                Map.of(SwitchboardApi.LAST_EVENT_ID, ids.get(0))).expectEventStream();
        String live = cluster.apiA().publish("numbered", JsonSupport.obj("n", "live"), channel);
        reconnected.frames().await(SseFrame.withId(live), SystemTestSupport.DELIVERY_TIMEOUT, "the live event");
        SystemTestSupport.pause(Duration.ofSeconds(1));

        List<String> received = reconnected.frames().matching(frame -> "numbered".equals(frame.envelopeType()))
                .stream().map(SseFrame::id).toList();
        List<String> expected = new ArrayList<>(ids.subList(1, ids.size()));
        expected.add(live);
        assertEquals(expected, received, "replayed after the id, in order, none twice, then live");
    }

    @Test
    @Order(4)
    void aWebSocketHistoryRequestOnBReturnsWhatWasPublishedOnA() {
        String channel = SystemTestSupport.unique("history");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < B_HISTORY * 2; i++) {
            ids.add(cluster.apiA().publish("numbered", JsonSupport.obj("n", i), channel));
        }
        try (WebSocketTestClient client = WebSocketTestClient.connect(
                WebSocketTestClient.endpoint(cluster.nodeB().base()), "b")) {
            JsonObject ack = client.request(JsonSupport.obj("action", "history", "ref", "h", "since", ids.get(0),
                    "channel", channel));

            // B keeps only the last few itself: the first ones come from the stream.
            assertEquals(ids.subList(1, ids.size()), ack.getJsonArray("events").stream()
                    .map(event -> event.asJsonObject().getString("id")).toList(), ack::toString);
        }
    }

    @Test
    @Order(5)
    void aRedisOutageLosesNothingAcceptedAndDuplicatesNothing() throws IOException {
        String channel = SystemTestSupport.unique("outage");
        RawSseClient onA = cluster.apiA().openRaw("api/events?channel=" + channel, Map.of()).expectEventStream();
        RawSseClient onB = cluster.apiB().openRaw("api/events?channel=" + channel, Map.of()).expectEventStream();
        cluster.apiA().awaitLive(onA, channel);
        cluster.apiA().awaitLive(onB, channel);

        cluster.stopRedis();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String nonce = SystemTestSupport.unique("a" + i);
            cluster.apiA().publish("during", JsonSupport.obj("nonce", nonce), channel);
            accepted.add(nonce);
        }
        for (int i = 0; i < B_OUTBOX; i++) {
            String nonce = SystemTestSupport.unique("b" + i);
            cluster.apiB().publish("during", JsonSupport.obj("nonce", nonce), channel);
            accepted.add(nonce);
        }
        String refusedNonce = SystemTestSupport.unique("refused");
        cluster.apiB().postJson("api/events/publish", JsonSupport.obj("event_type", "during", "data",
                JsonSupport.obj("nonce", refusedNonce), "channel", channel)).expectError(503, "unavailable", null);

        JsonObject healthA = cluster.apiA().health(); // within A's grace: still UP
        JsonObject redisA = healthA.getJsonObject("components").getJsonObject("redis");
        assertEquals("down", redisA.getString("status"), healthA::toString);
        assertEquals(5, redisA.getInt("outbox"));
        ApiResponse healthB = SystemTestSupport.awaitValue(() -> cluster.apiB().get("api/health"),
                r -> r.status() == 503, Duration.ofSeconds(15), Duration.ofMillis(250), "B DOWN after its grace");
        assertEquals("DOWN", healthB.expectJson(503).getString("status"));

        // Local delivery never stopped: each node's clients already have what that node accepted.
        awaitNonces(onA, accepted.subList(0, 5));
        awaitNonces(onB, accepted.subList(5, accepted.size()));

        cluster.startRedis();
        cluster.awaitHealth(ClusterIT::redisUpAndFlushed);

        for (RawSseClient client : List.of(onA, onB)) {
            awaitNonces(client, accepted);
        }
        String after = cluster.apiB().publish("after", JsonSupport.obj("nonce", "after"), channel);
        onA.frames().await(SseFrame.withId(after), RECOVERY_TIMEOUT, "a live event after recovery");
        SystemTestSupport.pause(Duration.ofSeconds(2));
        for (RawSseClient client : List.of(onA, onB)) {
            for (String nonce : accepted) {
                assertEquals(1, client.frames().matching(carrying(nonce)).size(), () -> client.frames() + ": "
                        + nonce + " not exactly once");
            }
            assertTrue(client.frames().matching(carrying(refusedNonce)).isEmpty(), "a refused event is delivered nowhere");
        }
        assertFalse(cluster.apiB().health().getJsonObject("components").getJsonObject("redis").getString("status")
                .equals("down"));
    }

    private static void awaitNonces(RawSseClient client, List<String> nonces) {
        for (String nonce : nonces) {
            client.frames().await(carrying(nonce), RECOVERY_TIMEOUT, "the event carrying " + nonce);
        }
    }

    private static Predicate<SseFrame> carrying(String nonce) {
        return frame -> frame.hasData() && frame.data().contains("\"" + nonce + "\"");
    }

    private static boolean redisUp(String health) {
        return health.contains("\"redis\":{\"status\":\"up\"");
    }

    private static boolean redisUpAndFlushed(String health) {
        return health.contains("\"redis\":{\"status\":\"up\",\"outbox\":0");
    }
}
