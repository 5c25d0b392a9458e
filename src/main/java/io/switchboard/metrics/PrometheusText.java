package io.switchboard.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Renders the hub's metrics in the Prometheus text exposition format 0.0.4. Our own renderer, not an app server's
 * metrics subsystem, so the same scrape works on Payara and WildFly alike.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(2048);

    /**
     * @param connections open connections per transport (the gauges)
     * @param outboxDepth events waiting for Redis (0 on a single node)
     */
    public static String render(HubMetrics metrics, Map<String, Integer> connections, int outboxDepth) {
        PrometheusText text = new PrometheusText();
        text.header("switchboard_connections", "gauge", "Clients connected to this node, per transport.");
        connections.forEach((transport, count) -> text.sample("switchboard_connections", "transport", transport, count));
        text.counters("switchboard_messages_received_total",
                "Messages and events accepted by this node, per transport they came in by.", "transport",
                metrics.receivedByTransport());
        text.counters("switchboard_events_delivered_total",
                "Events written to clients of this node, per transport.", "transport",
                metrics.deliveredByTransport());
        text.header("switchboard_clients_dropped_total", "counter",
                "Clients the node disconnected because they did not keep up or a write failed.");
        text.byTransportAndCause("switchboard_clients_dropped_total", metrics.droppedByTransportAndCause());
        text.header("switchboard_connections_refused_total", "counter",
                "Connections the node refused, per transport and cause (too_many_connections: the client address"
                        + " holds switchboard.max-connections-per-address).");
        text.byTransportAndCause("switchboard_connections_refused_total", metrics.refusedByTransportAndCause());
        text.header("switchboard_events_replayed_total", "counter",
                "Events replayed to reconnecting SSE clients (Last-Event-ID).");
        text.line("switchboard_events_replayed_total " + metrics.replayedTotal());
        text.header("switchboard_redis_outbox_depth", "gauge",
                "Events accepted while Redis was away and not yet written to it.");
        text.line("switchboard_redis_outbox_depth " + outboxDepth);
        text.histogram(metrics.latency());
        return text.out.toString();
    }

    private void histogram(LatencyHistogram.Snapshot latency) {
        String name = "switchboard_delivery_latency_seconds";
        header(name, "histogram", "Time from an event's publication to its write to a client.");
        double[] bounds = LatencyHistogram.Snapshot.bounds();
        long[] cumulative = latency.cumulative();
        for (int i = 0; i < bounds.length; i++) {
            line(name + "_bucket{le=\"" + format(bounds[i]) + "\"} " + cumulative[i]);
        }
        line(name + "_bucket{le=\"+Inf\"} " + cumulative[bounds.length]);
        line(name + "_sum " + format(latency.sumSeconds()));
        line(name + "_count " + latency.count());
    }

    /** Samples keyed {@code transport/cause}, as {@link HubMetrics} keeps drops and refusals. */
    private void byTransportAndCause(String name, Map<String, Long> values) {
        values.forEach((key, value) -> {
            int slash = key.indexOf('/');
            line(name + "{transport=\"" + escape(key.substring(0, slash)) + "\",cause=\""
                    + escape(key.substring(slash + 1)) + "\"} " + value);
        });
    }

    private void counters(String name, String help, String label, Map<String, Long> values) {
        header(name, "counter", help);
        values.forEach((key, value) -> sample(name, label, key, value));
    }

    private void header(String name, String type, String help) {
        line("# HELP " + name + " " + help);
        line("# TYPE " + name + " " + type);
    }

    private void sample(String name, String label, String labelValue, long value) {
        line(name + "{" + label + "=\"" + escape(labelValue) + "\"} " + value);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
