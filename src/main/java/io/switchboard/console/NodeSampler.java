package io.switchboard.console;

import java.util.Map;

/**
 * Turns successive readings of this node's counters and gauges into {@link NodeFigures}: rates from the growth of
 * the message counters, the latency histogram of the window from the histogram since the start. Called from one
 * thread, once per interval.
 */
final class NodeSampler {

    /**
     * What the node's beans say at one moment.
     *
     * @param nanos             monotonic time of the reading, for the rates
     * @param latencyCumulative {@code LatencyHistogram.Snapshot.cumulative()}, counted since the start
     */
    record Reading(long atMillis, long nanos, String status, String redis, long uptimeSeconds,
                   Map<String, Integer> connections, long receivedTotal, long deliveredTotal,
                   long[] latencyCumulative) {
    }

    private final String node;
    private final String version;
    private final CounterRate messagesIn = new CounterRate();
    private final CounterRate deliveries = new CounterRate();
    private final LatencyWindow latency;

    NodeSampler(String node, String version, long windowMillis) {
        this.node = node;
        this.version = version;
        this.latency = new LatencyWindow(windowMillis);
    }

    NodeFigures sample(Reading reading) {
        return new NodeFigures(node, reading.atMillis(), reading.status(), reading.redis(), version,
                reading.uptimeSeconds(), reading.connections(),
                messagesIn.next(reading.receivedTotal(), reading.nanos()),
                deliveries.next(reading.deliveredTotal(), reading.nanos()),
                latency.add(reading.atMillis(), reading.latencyCumulative()),
                reading.receivedTotal(), reading.deliveredTotal());
    }
}
