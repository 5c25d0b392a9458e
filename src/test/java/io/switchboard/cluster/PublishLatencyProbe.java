package io.switchboard.cluster;

import io.switchboard.testredis.SentinelGroup;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick it up by name): the latency table of bench/FAILOVER.md, what
 * {@code switchboard.redis.min-replicas} costs a publish. The stream's ceiling is {@link StreamCeilingProbe}'s. Run it with
 * {@code mvn -o test -Dtest=PublishLatencyProbe -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PublishLatencyProbe {

    private static final int WARMUP = 1000;
    private static final int MEASURED = 5000;

    @Test
    void measure() throws Exception {
        try (SentinelGroup group = SentinelGroup.start(2, 0)) {
            Thread.sleep(1500); // replicas just synced may not acknowledge a WAIT at once
            for (int minReplicas : new int[] {0, 1, 2, 0, 1}) { // twice: the first round also warms the JIT
                latency(group, minReplicas);
            }
        }
    }

    private static ClusterSettings settings(SentinelGroup group, int minReplicas, String stream) {
        return new ClusterSettings(Optional.of(URI.create("redis://127.0.0.1:" + group.initialMasterPort())),
                Optional.empty(), Optional.empty(), Optional.empty(), minReplicas, stream, 100_000, 100_000, 50, 500,
                30_000, 2000, 4);
    }

    private static void latency(SentinelGroup group, int minReplicas) {
        TestClusterNode node = new TestClusterNode("probe", settings(group, minReplicas, "probe:latency:" + minReplicas));
        try {
            awaitUp(node);
            long[] micros = new long[MEASURED];
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                long start = System.nanoTime();
                node.publish("c", "n" + i);
                if (i >= WARMUP) {
                    micros[i - WARMUP] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
                }
            }
            Arrays.sort(micros);
            System.out.printf("PROBE latency min-replicas=%d: %d sequential publishes, p50 %d us, p99 %d us, max %d us,"
                            + " outbox %d%n", minReplicas, MEASURED, micros[MEASURED / 2], micros[MEASURED * 99 / 100],
                    micros[MEASURED - 1], node.publisher.outboxSize());
        } finally {
            node.stop();
        }
    }

    private static void awaitUp(TestClusterNode node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!node.link.isUp()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not connected");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
