package io.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    // A sample line of the text format: name, optional labels, a number.
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*\\})? -?[0-9.eE+-]+");

    @Test
    void rendersEveryFamilyInTheTextFormat() {
        Instant now = Instant.parse("2026-11-25T16:00:00Z");
        HubMetrics metrics = new HubMetrics(Clock.fixed(now, ZoneOffset.UTC));
        metrics.received("rest");
        metrics.delivered("sse", now.minusMillis(20), 2);
        metrics.closed("websocket", "queue full (1 items)");
        metrics.replayed(4);
        metrics.refused("sse", "too_many_connections");
        Map<String, Integer> connections = new TreeMap<>(Map.of("sse", 2, "socketio", 0, "websocket", 1));

        String text = PrometheusText.render(metrics, connections, 7);
        List<String> lines = text.lines().toList();

        assertTrue(text.endsWith("\n"));
        for (String line : lines) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ") || SAMPLE.matcher(line).matches(),
                    "not a valid line: " + line);
        }
        assertTrue(lines.contains("# TYPE switchboard_connections gauge"));
        assertTrue(lines.contains("switchboard_connections{transport=\"sse\"} 2"));
        assertTrue(lines.contains("switchboard_connections{transport=\"websocket\"} 1"));
        assertTrue(lines.contains("switchboard_messages_received_total{transport=\"rest\"} 1"));
        assertTrue(lines.contains("switchboard_events_delivered_total{transport=\"sse\"} 2"));
        assertTrue(lines.contains("switchboard_clients_dropped_total{transport=\"websocket\",cause=\"slow_client\"} 1"));
        assertTrue(lines.contains("# TYPE switchboard_connections_refused_total counter"));
        assertTrue(lines.contains("switchboard_connections_refused_total{transport=\"sse\",cause=\"too_many_connections\"} 1"));
        assertTrue(lines.contains("switchboard_events_replayed_total 4"));
        assertTrue(lines.contains("switchboard_redis_outbox_depth 7"));
        assertTrue(lines.contains("# TYPE switchboard_delivery_latency_seconds histogram"));
        assertTrue(lines.contains("switchboard_delivery_latency_seconds_bucket{le=\"0.01\"} 0"));
        assertTrue(lines.contains("switchboard_delivery_latency_seconds_bucket{le=\"0.025\"} 2"));
        assertTrue(lines.contains("switchboard_delivery_latency_seconds_bucket{le=\"+Inf\"} 2"));
        assertTrue(lines.contains("switchboard_delivery_latency_seconds_count 2"));
        assertTrue(lines.contains("switchboard_delivery_latency_seconds_sum 0.04"));
    }

    @Test
    void escapesLabelValues() {
        assertEquals("a\\\"b\\\\c\\n", PrometheusText.escape("a\"b\\c\n"));
    }
}
