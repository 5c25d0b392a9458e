package io.switchboard.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z");

    private final HubMetrics metrics = new HubMetrics(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countsMessagesInPerTransport() {
        metrics.received("rest");
        metrics.received("rest");
        metrics.received("socketio");
        assertEquals(Map.of("rest", 2L, "socketio", 1L), metrics.receivedByTransport());
        assertEquals(3, metrics.receivedTotal());
    }

    @Test
    void deliveriesRecordTheirLatencyOncePerRecipient() {
        metrics.delivered("sse", NOW.minusMillis(3), 1);
        metrics.delivered("socketio", NOW.minusMillis(200), 2);
        metrics.delivered("websocket", NOW, 0);
        assertEquals(Map.of("sse", 1L, "socketio", 2L), metrics.deliveredByTransport());
        LatencyHistogram.Snapshot latency = metrics.latency();
        assertEquals(3, latency.count());
        assertEquals(0.403, latency.sumSeconds(), 1e-9);
        // le 0.001: 0; 0.005: 1 (3 ms); ... 0.1: 1; 0.25: 3 (200 ms twice); +Inf: 3
        assertEquals(0, latency.cumulative()[0]);
        assertEquals(1, latency.cumulative()[1]);
        assertEquals(1, latency.cumulative()[5]);
        assertEquals(3, latency.cumulative()[6]);
        assertEquals(3, latency.cumulative()[LatencyHistogram.BOUNDS.length]);
    }

    @Test
    void aClockBehindThePublisherCountsAsNoLatency() {
        metrics.delivered("sse", NOW.plusSeconds(5), 1);
        assertEquals(1, metrics.latency().cumulative()[0]);
        assertEquals(0.0, metrics.latency().sumSeconds());
    }

    @Test
    void onlyTheServersDropsCount() {
        metrics.closed("sse", "queue full (1000 items): the client does not keep up");
        metrics.closed("websocket", "write failed: java.util.concurrent.TimeoutException");
        metrics.closed("websocket", "write failed: java.io.IOException: Broken pipe");
        metrics.closed("sse", "server shutting down");
        metrics.closed("websocket", "closed by the client");
        assertEquals(Map.of("sse/slow_client", 1L, "websocket/slow_client", 1L, "websocket/write_failed", 1L),
                metrics.droppedByTransportAndCause());
    }

    @Test
    void dropCausesFromMailboxReasons() {
        assertEquals(Optional.of(DropCause.SLOW_CLIENT), DropCause.of("queue full (3 items)"));
        assertEquals(Optional.of(DropCause.WRITE_FAILED), DropCause.of("no writer thread available: x"));
        assertTrue(DropCause.of("disconnected by an operator").isEmpty());
        assertTrue(DropCause.of(null).isEmpty());
    }

    @Test
    void replaysAddUp() {
        metrics.replayed(3);
        metrics.replayed(0);
        metrics.replayed(2);
        assertEquals(5, metrics.replayedTotal());
    }

    @Test
    void histogramBucketsAreInclusiveUpperBounds() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Duration.ofMillis(1));
        histogram.record(Duration.ofSeconds(11));
        long[] cumulative = histogram.snapshot().cumulative();
        assertEquals(1, cumulative[0]);
        assertEquals(1, cumulative[LatencyHistogram.BOUNDS.length - 1]);
        assertEquals(2, cumulative[LatencyHistogram.BOUNDS.length]);
        assertArrayEquals(LatencyHistogram.BOUNDS, LatencyHistogram.Snapshot.bounds());
    }
}
