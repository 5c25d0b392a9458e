package io.switchboard.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's counters, fed by the transports and the bus: messages accepted per entry transport, events written per
 * transport, drops, refused connections, replays, and the publish→deliver latency. Plain counters (no metrics library) so the same numbers
 * serve {@code /api/metrics} and the JMX bean on any server. Gauges (connections, outbox) are read where they live.
 */
@ApplicationScoped
public class HubMetrics {

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> delivered = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final LongAdder replayed = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Clock clock;

    public HubMetrics() {
        this(Clock.systemUTC());
    }

    HubMetrics(Clock clock) {
        this.clock = clock;
    }

    /** A message or event accepted from {@code transport} ({@code rest}, {@code socketio}, {@code websocket}, ...). */
    public void received(String transport) {
        counter(received, transport).increment();
    }

    /** {@code recipients} clients of {@code transport} were written an event published at {@code publishedAt}. */
    public void delivered(String transport, Instant publishedAt, int recipients) {
        if (recipients <= 0) {
            return;
        }
        counter(delivered, transport).add(recipients);
        Duration took = Duration.between(publishedAt, clock.instant());
        for (int i = 0; i < recipients; i++) {
            latency.record(took);
        }
    }

    /** A client of {@code transport} was closed because of {@code reason}; counted only when it was the server's doing. */
    public void closed(String transport, String reason) {
        DropCause.of(reason).ifPresent(cause -> counter(dropped, transport + "/" + cause.label()).increment());
    }

    /** A client of {@code transport} was refused a connection, because of {@code cause} (a fixed code, not client text). */
    public void refused(String transport, String cause) {
        counter(refused, transport + "/" + cause).increment();
    }

    public void replayed(int events) {
        replayed.add(events);
    }

    public Map<String, Long> receivedByTransport() {
        return snapshot(received);
    }

    public Map<String, Long> deliveredByTransport() {
        return snapshot(delivered);
    }

    /** Keys are {@code transport/cause}, cause being a {@link DropCause#label()}. */
    public Map<String, Long> droppedByTransportAndCause() {
        return snapshot(dropped);
    }

    /** Keys are {@code transport/cause}. */
    public Map<String, Long> refusedByTransportAndCause() {
        return snapshot(refused);
    }

    public long replayedTotal() {
        return replayed.sum();
    }

    public long receivedTotal() {
        return received.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long deliveredTotal() {
        return delivered.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public LatencyHistogram.Snapshot latency() {
        return latency.snapshot();
    }

    private static LongAdder counter(Map<String, LongAdder> counters, String key) {
        return counters.computeIfAbsent(key, k -> new LongAdder());
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, value) -> copy.put(key, value.sum()));
        return copy;
    }
}
