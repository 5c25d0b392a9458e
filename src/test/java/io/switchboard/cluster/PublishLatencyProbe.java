package io.switchboard.cluster;

import io.switchboard.testredis.SentinelGroup;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick it up by name): the measurements behind bench/FAILOVER.md. What
 * {@code switchboard.redis.min-replicas} costs a publish, and the most events per second one node appends to the one
 * stream, with how long the other node's reader takes to deliver them all. Run it with
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
            for (int minReplicas : new int[] {0, 1}) {
                ceiling(group, minReplicas);
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

    /** Eight publisher threads on node A as fast as they go for 5 s; node B's reader delivers everything. */
    private static void ceiling(SentinelGroup group, int minReplicas) throws InterruptedException {
        String stream = "probe:ceiling:" + minReplicas;
        TestClusterNode a = new TestClusterNode("a", settings(group, minReplicas, stream));
        TestClusterNode b = new TestClusterNode("b", settings(group, minReplicas, stream));
        try {
            awaitUp(a);
            awaitUp(b);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
            Thread[] threads = new Thread[8];
            long start = System.nanoTime();
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        a.publish("c", id + "-" + i);
                        published.incrementAndGet();
                    }
                });
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long publishedAt = System.nanoTime();
            while (b.delivered.size() < published.get()) {
                Thread.sleep(5);
            }
            long deliveredAt = System.nanoTime();
            double seconds = (publishedAt - start) / 1e9;
            System.out.printf("PROBE ceiling min-replicas=%d: %d events in %.1f s = %.0f events/s appended by one node;"
                            + " the other node's reader done %d ms after the last publish (%.0f events/s delivered)%n",
                    minReplicas, published.get(), seconds, published.get() / seconds,
                    TimeUnit.NANOSECONDS.toMillis(deliveredAt - publishedAt),
                    published.get() / ((deliveredAt - start) / 1e9));
        } finally {
            a.stop();
            b.stop();
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
