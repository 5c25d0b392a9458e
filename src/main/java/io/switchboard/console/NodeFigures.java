package io.switchboard.console;

import io.switchboard.message.JsonP;
import io.switchboard.metrics.LatencyHistogram;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node's figures at one moment, as the console charts them and as the node publishes them to the others: its
 * health, connections per transport, rates, and the latency histogram of the window (so the cluster's quantiles can
 * be computed from every node's counts, not averaged from their quantiles).
 *
 * @param latencyWindow cumulative counts of the window's deliveries up to each bound of {@link LatencyHistogram},
 *                      +Inf last
 */
record NodeFigures(String node, long atMillis, String status, String redis, String version, long uptimeSeconds,
                   Map<String, Integer> connections, double messagesInPerSecond, double deliveriesPerSecond,
                   long[] latencyWindow, long receivedTotal, long deliveredTotal) {

    static final double[] BOUNDS = LatencyHistogram.Snapshot.bounds();

    NodeFigures {
        connections = Collections.unmodifiableMap(new TreeMap<>(connections));
        latencyWindow = latencyWindow.clone();
    }

    int connectionsTotal() {
        return connections.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Milliseconds, NaN when nothing was delivered in the window. */
    double latencyMillis(double quantile) {
        return BucketQuantile.of(latencyWindow, BOUNDS, quantile) * 1000;
    }

    JsonObject toJson() {
        JsonArrayBuilder buckets = JsonP.createArrayBuilder();
        for (long count : latencyWindow) {
            buckets.add(count);
        }
        JsonObjectBuilder json = JsonP.createObjectBuilder()
                .add("node", node)
                .add("at", atMillis)
                .add("status", status)
                .add("redis", redis)
                .add("version", version)
                .add("uptime_seconds", uptimeSeconds)
                .add("connections", counts(connections))
                .add("connections_total", connectionsTotal())
                .add("messages_in_per_second", round(messagesInPerSecond, 100))
                .add("deliveries_per_second", round(deliveriesPerSecond, 100));
        addMillis(json, "latency_p50_ms", latencyMillis(0.5));
        addMillis(json, "latency_p99_ms", latencyMillis(0.99));
        return json.add("latency_buckets", buckets)
                .add("received_total", receivedTotal)
                .add("delivered_total", deliveredTotal)
                .build();
    }

    /**
     * Reads what another node published; empty when it is not figures of this shape (a node of another version, a
     * damaged entry), which then is left out rather than breaking the stream.
     */
    static Optional<NodeFigures> fromJson(JsonObject json) {
        try {
            Map<String, Integer> connections = new TreeMap<>();
            json.getJsonObject("connections").forEach((name, value) -> connections.put(name,
                    ((JsonNumber) value).intValue()));
            JsonArray buckets = json.getJsonArray("latency_buckets");
            if (buckets.size() != BOUNDS.length + 1) {
                return Optional.empty();
            }
            long[] latency = new long[buckets.size()];
            for (int i = 0; i < latency.length; i++) {
                latency[i] = buckets.getJsonNumber(i).longValue();
            }
            return Optional.of(new NodeFigures(json.getString("node"), json.getJsonNumber("at").longValue(),
                    json.getString("status"), json.getString("redis"), json.getString("version"),
                    json.getJsonNumber("uptime_seconds").longValue(), connections,
                    json.getJsonNumber("messages_in_per_second").doubleValue(),
                    json.getJsonNumber("deliveries_per_second").doubleValue(), latency,
                    json.getJsonNumber("received_total").longValue(),
                    json.getJsonNumber("delivered_total").longValue()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static JsonObjectBuilder counts(Map<String, Integer> counts) {
        JsonObjectBuilder json = JsonP.createObjectBuilder();
        counts.forEach(json::add);
        return json;
    }

    /** A latency in ms to the microsecond, or null when there is none. */
    static void addMillis(JsonObjectBuilder json, String name, double millis) {
        if (Double.isNaN(millis)) {
            json.add(name, JsonValue.NULL);
        } else {
            json.add(name, round(millis, 1000));
        }
    }

    static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
