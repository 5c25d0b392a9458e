package io.switchboard.system;

import static io.switchboard.system.SystemTestSupport.DELIVERY_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/metrics/stream}, the console's figures: named SSE events {@code figures} whose data is one JSON
 * frame per interval (1 s here) with this node and the cluster, rates and latencies that move when messages flow, and
 * the recent frames replayed to a new follower.
 */
class FigureStreamIT extends SystemTestBase {

    private static final String STREAM = "api/metrics/stream";
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Predicate<SseFrame> FIGURES = frame -> "figures".equals(frame.event()) && frame.hasData();

    @Test
    void framesComeAboutOncePerIntervalWithTheNodeAndTheCluster() {
        try (RawSseClient stream = api.openRaw(STREAM, Map.of()).expectEventStream()) {
            List<SseFrame> frames = stream.frames().awaitCount(FIGURES, 5, MOVE_TIMEOUT, "5 figures frames");
            JsonObject first = frames.get(0).jsonObject();
            assertEquals(1000, first.getInt("interval_ms"), first::toString);
            assertEquals(300, first.getInt("latency_window_seconds"));
            String node = api.health().getString("node");
            assertEquals(node, first.getString("node"));

            JsonObject cluster = first.getJsonObject("cluster");
            assertFalse(cluster.getBoolean("enabled"), "a single node: " + cluster);
            assertEquals("disabled", cluster.getString("redis"));
            assertEquals(1, cluster.getInt("nodes"));
            for (String key : List.of("connections_total", "messages_in_per_second", "deliveries_per_second",
                    "latency_p50_ms", "latency_p99_ms")) {
                assertTrue(cluster.containsKey(key), key + " in " + cluster);
            }

            JsonObject self = first.getJsonArray("nodes").getJsonObject(0);
            assertEquals(1, first.getJsonArray("nodes").size());
            assertEquals(node, self.getString("node"));
            assertEquals("UP", self.getString("status"));
            assertEquals(Map.of("sse", true, "socketio", true, "websocket", true), Map.of(
                    "sse", self.getJsonObject("connections").containsKey("sse"),
                    "socketio", self.getJsonObject("connections").containsKey("socketio"),
                    "websocket", self.getJsonObject("connections").containsKey("websocket")));
            assertEquals(13, self.getJsonArray("latency_buckets").size(), "12 bounds and +Inf, as /api/metrics");

            // Frames newer one after the other, about a second apart: the sampler's interval, not the reader's pace.
            long previous = 0;
            for (SseFrame frame : frames) {
                long at = frame.jsonObject().getJsonNumber("at").longValue();
                assertTrue(at > previous, "frames in time order: " + frames);
                previous = at;
            }
            List<SseFrame> later = stream.frames().awaitCount(FIGURES, 8, MOVE_TIMEOUT, "8 figures frames");
            long span = at(later.get(7)) - at(later.get(3));
            assertTrue(span >= 4 * 500 && span <= 4 * 5000, "4 intervals took " + span + " ms");
            assertNull(stream.failure());
        }
    }

    @Test
    void ratesConnectionsAndLatencyMoveUnderTraffic() {
        String channel = SystemTestSupport.unique("figures");
        try (RawSseClient stream = api.openRaw(STREAM, Map.of()).expectEventStream();
             RawSseClient follower = api.openRaw("api/events?channel=" + channel, Map.of()).expectEventStream()) {
            api.awaitLive(follower, channel);
            JsonObject before = stream.frames().await(FIGURES, DELIVERY_TIMEOUT, "a frame").jsonObject()
                    .getJsonArray("nodes").getJsonObject(0);
            long receivedBefore = before.getJsonNumber("received_total").longValue();

            for (int i = 0; i < 30; i++) {
                api.publish("load", JsonSupport.obj("n", i), channel);
                SystemTestSupport.pause(Duration.ofMillis(50));
            }

            SseFrame moved = stream.frames().await(frame -> FIGURES.test(frame) && moved(frame, receivedBefore + 30),
                    MOVE_TIMEOUT, "a frame with the 30 events counted, rates up and latencies");
            JsonObject self = moved.jsonObject().getJsonArray("nodes").getJsonObject(0);
            assertTrue(self.getJsonObject("connections").getInt("sse") >= 1, self::toString);
            JsonObject cluster = moved.jsonObject().getJsonObject("cluster");
            assertFalse(cluster.isNull("latency_p99_ms"), cluster::toString);
            assertTrue(cluster.getJsonNumber("latency_p99_ms").doubleValue()
                    >= cluster.getJsonNumber("latency_p50_ms").doubleValue(), cluster::toString);
        }
    }

    @Test
    void aNewFollowerGetsTheRecentFramesAtOnceAndCountsAsAConsoleConnection() {
        try (RawSseClient first = api.openRaw(STREAM, Map.of()).expectEventStream()) {
            first.frames().awaitCount(FIGURES, 3, MOVE_TIMEOUT, "3 frames");
            try (RawSseClient second = api.openRaw(STREAM, Map.of()).expectEventStream()) {
                List<SseFrame> replayed = second.frames().awaitCount(FIGURES, 3, DELIVERY_TIMEOUT,
                        "the recent frames, replayed");
                assertTrue(at(replayed.get(0)) <= at(first.frames().matching(FIGURES).get(0)),
                        "the replay starts with frames sent before it connected");
                JsonObject connections = api.get("api/connections").expectJson(200);
                long console = connections.getJsonArray("connections").stream()
                        .filter(c -> "console".equals(c.asJsonObject().getString("transport"))).count();
                assertTrue(console >= 2, connections::toString);
            }
        }
    }

    private static boolean moved(SseFrame frame, long received) {
        JsonObject self = frame.jsonObject().getJsonArray("nodes").getJsonObject(0);
        return self.getJsonNumber("received_total").longValue() >= received
                && self.getJsonNumber("delivered_total").longValue() >= 30
                && !self.isNull("latency_p50_ms")
                // The first frame that counts the last events covers the interval they came in.
                && self.getJsonNumber("messages_in_per_second").doubleValue() > 0;
    }

    private static long at(SseFrame frame) {
        return frame.jsonObject().getJsonNumber("at").longValue();
    }
}
