package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's cluster view: two nodes, each its own Payara Micro, on one real redis-server. Each node's
 * {@code /api/metrics/stream} lists both nodes with their figures, what flows through one node shows in the other's
 * view, and a node that stops leaves the list.
 */
class FigureStreamClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Predicate<SseFrame> FIGURES = frame -> "figures".equals(frame.event()) && frame.hasData();

    private static TwoNodeCluster cluster;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = TwoNodeCluster.start("figures", Map.of(), PayaraNode.UP);
    }

    @AfterAll
    static void stopCluster() {
        SystemTestSupport.closeAll(cluster);
    }

    @Test
    void eachNodeListsBothWhatFlowsThroughOneShowsInTheOthersViewAndAStoppedNodeLeaves() {
        try (RawSseClient onA = cluster.apiA().openRaw("api/metrics/stream", Map.of()).expectEventStream();
             RawSseClient onB = cluster.apiB().openRaw("api/metrics/stream", Map.of()).expectEventStream()) {
            for (RawSseClient stream : List.of(onA, onB)) {
                JsonObject frame = stream.frames().await(frame(f -> nodes(f).equals(List.of(f.getString("node"),
                        other(f.getString("node"))))), TIMEOUT, "a frame listing A and B").jsonObject();
                JsonObject cluster = frame.getJsonObject("cluster");
                assertTrue(cluster.getBoolean("enabled"), cluster::toString);
                assertEquals("up", cluster.getString("redis"));
                assertEquals(2, cluster.getInt("nodes"));
                assertEquals(0, cluster.getInt("nodes_down"));
                for (var node : frame.getJsonArray("nodes")) {
                    assertEquals("UP", node.asJsonObject().getString("status"), node::toString);
                    assertEquals("up", node.asJsonObject().getString("redis"), node::toString);
                }
            }

            // 20 messages into B: A's view of B counts them, and the cluster's rate rises on A.
            long before = nodeIn(onA.frames().await(frame(f -> nodes(f).size() == 2), TIMEOUT, "a frame")
                    .jsonObject(), "B").getJsonNumber("received_total").longValue();
            for (int i = 0; i < 20; i++) {
                cluster.apiB().postMessage(JsonSupport.message("text", "load " + i, "tester", null));
            }
            onA.frames().await(frame(f -> nodes(f).contains("B")
                            && nodeIn(f, "B").getJsonNumber("received_total").longValue() >= before + 20
                            && f.getJsonObject("cluster").getJsonNumber("messages_in_per_second").doubleValue() > 0),
                    TIMEOUT, "B's 20 messages in A's view");

            cluster.nodeB().close();
            onA.frames().await(frame(f -> nodes(f).equals(List.of("A"))
                    && f.getJsonObject("cluster").getInt("nodes") == 1), TIMEOUT, "A alone once B stopped");
        }
    }

    private static Predicate<SseFrame> frame(Predicate<JsonObject> test) {
        return frame -> FIGURES.test(frame) && test.test(frame.jsonObject());
    }

    private static List<String> nodes(JsonObject frame) {
        return frame.getJsonArray("nodes").stream().map(node -> node.asJsonObject().getString("node")).toList();
    }

    private static JsonObject nodeIn(JsonObject frame, String id) {
        return frame.getJsonArray("nodes").stream().map(node -> node.asJsonObject())
                .filter(node -> node.getString("node").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + id + " in " + frame));
    }

    private static String other(String node) {
        return "A".equals(node) ? "B" : "A";
    }
}
