package io.switchboard.console;

import io.switchboard.message.JsonP;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One frame of {@code /api/metrics/stream}: this node's figures, every other live node's, and the cluster's totals.
 * Counts and rates add up over the nodes (a message is counted in by the one node that accepted it, a delivery by
 * the node that wrote it); the cluster's latency quantiles come from the nodes' window histograms added together.
 */
final class ClusterFigures {

    private ClusterFigures() {
    }

    /**
     * @param self   this node, freshly sampled
     * @param others what the other nodes published lately (this node's own entry, if among them, is ignored)
     * @param redis  this node's view of Redis: {@code up}, {@code down}, {@code disabled} (single node)
     */
    static JsonObject frame(NodeFigures self, List<NodeFigures> others, String redis, long intervalMillis,
                            long windowSeconds) {
        List<NodeFigures> nodes = new ArrayList<>();
        nodes.add(self);
        others.stream()
                .filter(other -> !other.node().equals(self.node()))
                .sorted(Comparator.comparing(NodeFigures::node))
                .forEach(nodes::add);
        JsonArrayBuilder list = JsonP.createArrayBuilder();
        nodes.forEach(node -> list.add(node.toJson()));
        return JsonP.createObjectBuilder()
                .add("at", self.atMillis())
                .add("node", self.node())
                .add("interval_ms", intervalMillis)
                .add("latency_window_seconds", windowSeconds)
                .add("cluster", totals(nodes).add("enabled", !"disabled".equals(redis)).add("redis", redis))
                .add("nodes", list)
                .build();
    }

    static JsonObjectBuilder totals(List<NodeFigures> nodes) {
        Map<String, Integer> connections = new TreeMap<>();
        long[] latency = new long[NodeFigures.BOUNDS.length + 1];
        double messagesIn = 0;
        double deliveries = 0;
        int down = 0;
        for (NodeFigures node : nodes) {
            node.connections().forEach((transport, count) -> connections.merge(transport, count, Integer::sum));
            messagesIn += node.messagesInPerSecond();
            deliveries += node.deliveriesPerSecond();
            for (int i = 0; i < latency.length; i++) {
                latency[i] += node.latencyWindow()[i];
            }
            if (!"UP".equals(node.status())) {
                down++;
            }
        }
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("nodes", nodes.size())
                .add("nodes_down", down)
                .add("connections", NodeFigures.counts(connections))
                .add("connections_total", connections.values().stream().mapToInt(Integer::intValue).sum())
                .add("messages_in_per_second", NodeFigures.round(messagesIn, 100))
                .add("deliveries_per_second", NodeFigures.round(deliveries, 100));
        NodeFigures.addMillis(json, "latency_p50_ms",
                BucketQuantile.of(latency, NodeFigures.BOUNDS, 0.5) * 1000);
        NodeFigures.addMillis(json, "latency_p99_ms",
                BucketQuantile.of(latency, NodeFigures.BOUNDS, 0.99) * 1000);
        return json;
    }
}
