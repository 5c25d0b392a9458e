package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.JsonP;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterFiguresTest {

    private static final int BUCKETS = NodeFigures.BOUNDS.length + 1;

    @Test
    void aSingleNodeIsTheWholeCluster() {
        NodeFigures a = node("A", "UP", Map.of("sse", 2), 5, 10, fast(100));
        JsonObject frame = ClusterFigures.frame(a, List.of(), "disabled", 1000, 300);
        assertEquals("A", frame.getString("node"));
        assertEquals(1000, frame.getInt("interval_ms"));
        assertEquals(300, frame.getInt("latency_window_seconds"));
        JsonObject cluster = frame.getJsonObject("cluster");
        assertFalse(cluster.getBoolean("enabled"));
        assertEquals(1, cluster.getInt("nodes"));
        assertEquals(2, cluster.getJsonObject("connections").getInt("sse"));
        assertEquals(5.0, cluster.getJsonNumber("messages_in_per_second").doubleValue());
        assertEquals(frame.getJsonArray("nodes").getJsonObject(0).get("latency_p50_ms"), cluster.get("latency_p50_ms"));
    }

    @Test
    void theClusterAddsUpItsNodesAndTakesQuantilesOverAllTheirLatencies() {
        // A: 99 fast deliveries; B: 1 slow one. Averaging the nodes' p99s would say 5 s; over all it is below 1 ms.
        NodeFigures a = node("A", "UP", Map.of("sse", 2, "websocket", 1), 5, 99, fast(99));
        NodeFigures b = node("B", "DOWN", Map.of("sse", 1, "socketio", 4), 2.5, 1, slow(1));
        JsonObject frame = ClusterFigures.frame(a, List.of(b, a), "up", 1000, 300);
        JsonObject cluster = frame.getJsonObject("cluster");
        assertTrue(cluster.getBoolean("enabled"));
        assertEquals(2, cluster.getInt("nodes"), "A's own entry from Redis is not counted twice");
        assertEquals(1, cluster.getInt("nodes_down"));
        assertEquals(3, cluster.getJsonObject("connections").getInt("sse"));
        assertEquals(4, cluster.getJsonObject("connections").getInt("socketio"));
        assertEquals(8, cluster.getInt("connections_total"));
        assertEquals(7.5, cluster.getJsonNumber("messages_in_per_second").doubleValue());
        assertEquals(100.0, cluster.getJsonNumber("deliveries_per_second").doubleValue());
        assertTrue(cluster.getJsonNumber("latency_p99_ms").doubleValue() <= 1, cluster::toString);
        assertEquals(10_000.0, frame.getJsonArray("nodes").getJsonObject(1).getJsonNumber("latency_p99_ms").doubleValue());
        assertEquals(List.of("A", "B"), frame.getJsonArray("nodes").stream()
                .map(node -> node.asJsonObject().getString("node")).toList());
    }

    @Test
    void noDeliveriesInTheWindowIsNullLatency() {
        JsonObject frame = ClusterFigures.frame(node("A", "UP", Map.of(), 0, 0, new long[BUCKETS]), List.of(),
                "disabled", 1000, 300);
        assertTrue(frame.getJsonObject("cluster").isNull("latency_p50_ms"));
        assertTrue(frame.getJsonArray("nodes").getJsonObject(0).isNull("latency_p99_ms"));
    }

    @Test
    void figuresGoThroughJsonUnchanged() {
        NodeFigures a = node("A", "UP", Map.of("sse", 2, "websocket", 1), 5.25, 99, fast(99));
        NodeFigures back = NodeFigures.fromJson(parse(a.toJson().toString())).orElseThrow();
        assertEquals(a.node(), back.node());
        assertEquals(a.atMillis(), back.atMillis());
        assertEquals(a.connections(), back.connections());
        assertEquals(a.messagesInPerSecond(), back.messagesInPerSecond());
        assertEquals(a.latencyMillis(0.99), back.latencyMillis(0.99), 1e-9);
        assertEquals(a.toJson(), back.toJson());
    }

    @Test
    void foreignOrDamagedFiguresAreRefusedNotThrown() {
        assertTrue(NodeFigures.fromJson(parse("{\"node\":\"X\"}")).isEmpty());
        JsonObject shortHistogram = JsonP.createObjectBuilder(node("A", "UP", Map.of(), 0, 0, fast(1)).toJson())
                .add("latency_buckets", JsonP.createArrayBuilder().add(1)).build();
        assertTrue(NodeFigures.fromJson(shortHistogram).isEmpty());
    }

    private static NodeFigures node(String id, String status, Map<String, Integer> connections, double in,
                                    double deliveries, long[] latency) {
        return new NodeFigures(id, 1_000_000L, status, "up", "1.0", 60, connections, in, deliveries, latency, 10, 20);
    }

    /** {@code count} deliveries within 1 ms, as cumulative counts. */
    private static long[] fast(long count) {
        long[] cumulative = new long[BUCKETS];
        java.util.Arrays.fill(cumulative, count);
        return cumulative;
    }

    /** {@code count} deliveries above the highest bound. */
    private static long[] slow(long count) {
        long[] cumulative = new long[BUCKETS];
        cumulative[BUCKETS - 1] = count;
        return cumulative;
    }

    private static JsonObject parse(String json) {
        try (var reader = JsonP.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
