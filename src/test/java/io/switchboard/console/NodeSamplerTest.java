package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.metrics.LatencyHistogram;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Figures from a real {@link LatencyHistogram} and growing counters, sampled as the node samples them. */
class NodeSamplerTest {

    private static final long SECOND = 1_000_000_000L;

    private final LatencyHistogram histogram = new LatencyHistogram();
    private final NodeSampler sampler = new NodeSampler("A", "1.0", 3000);

    @Test
    void ratesFollowTheCountersAndTheLatencyQuantilesFollowTheWindow() {
        NodeFigures first = sample(0, 0, 0);
        assertEquals(0, first.messagesInPerSecond());
        assertTrue(Double.isNaN(first.latencyMillis(0.5)), "no delivery yet");

        // One second: 10 messages in, 30 deliveries, all within 1 ms.
        record(30, Duration.ofNanos(400_000));
        NodeFigures second = sample(1, 10, 30);
        assertEquals(10, second.messagesInPerSecond(), 1e-9);
        assertEquals(30, second.deliveriesPerSecond(), 1e-9);
        assertTrue(second.latencyMillis(0.5) <= 1, () -> "p50 " + second.latencyMillis(0.5));
        assertTrue(second.latencyMillis(0.99) <= 1);

        // The next second, 70 slow deliveries (20 ms): p50 and p99 move into (10, 25] ms.
        record(70, Duration.ofMillis(20));
        NodeFigures third = sample(2, 10, 100);
        assertEquals(0, third.messagesInPerSecond());
        assertEquals(70, third.deliveriesPerSecond(), 1e-9);
        assertTrue(third.latencyMillis(0.5) > 10 && third.latencyMillis(0.5) <= 25, () -> "p50 " + third.latencyMillis(0.5));
        assertTrue(third.latencyMillis(0.99) > third.latencyMillis(0.5));

        // Three seconds later the window holds nothing any more.
        sample(3, 10, 100);
        sample(4, 10, 100);
        NodeFigures quiet = sample(5, 10, 100);
        assertTrue(Double.isNaN(quiet.latencyMillis(0.5)), () -> "window " + java.util.Arrays.toString(quiet.latencyWindow()));
        assertEquals(0, quiet.deliveriesPerSecond());
        assertEquals(100, quiet.deliveredTotal());
    }

    @Test
    void figuresCarryTheNodesHealthAndConnections() {
        NodeFigures figures = sample(0, 0, 0);
        assertEquals("A", figures.node());
        assertEquals("UP", figures.status());
        assertEquals(Map.of("sse", 2, "websocket", 1), figures.connections());
        assertEquals(3, figures.connectionsTotal());
        assertArrayEquals(new long[LatencyHistogram.Snapshot.bounds().length + 1], figures.latencyWindow());
    }

    private void record(int count, Duration latency) {
        for (int i = 0; i < count; i++) {
            histogram.record(latency);
        }
    }

    private NodeFigures sample(int second, long received, long delivered) {
        return sampler.sample(new NodeSampler.Reading(second * 1000L, second * SECOND, "UP", "disabled", second,
                Map.of("sse", 2, "websocket", 1), received, delivered, histogram.snapshot().cumulative()));
    }
}
