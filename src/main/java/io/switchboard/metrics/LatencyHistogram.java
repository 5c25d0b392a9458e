package io.switchboard.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cumulative histogram of publish→deliver latencies with fixed buckets, Prometheus style. Fixed buckets rather
 * than a reservoir: recording is a couple of adds, never a lock, because it runs on every write to every client.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds; a last, implicit bucket is +Inf. */
    static final double[] BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumMicros = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Negative latencies (clocks of two nodes apart) count as zero. */
    public void record(Duration latency) {
        long micros = Math.max(0, latency.toNanos() / 1_000);
        double seconds = micros / 1e6;
        int bucket = 0;
        while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
            bucket++;
        }
        buckets[bucket].increment();
        count.increment();
        sumMicros.add(micros);
    }

    /** A consistent-enough copy for rendering: cumulative counts per bound, +Inf last. */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(cumulative, running, sumMicros.sum() / 1e6);
    }

    /** @param cumulative counts of latencies up to each of {@link #BOUNDS}, then all of them */
    public record Snapshot(long[] cumulative, long count, double sumSeconds) {

        public static double[] bounds() {
            return BOUNDS.clone();
        }
    }
}
