package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.HubEvent;
import io.switchboard.message.HubUnavailableException;
import io.switchboard.testredis.SentinelGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * Nodes as plain objects on a master, two replicas and three sentinels, all real processes on loopback: the master
 * is SIGKILLed mid-traffic, Sentinel promotes a replica, and every event accepted on any node reaches every node
 * exactly once, in its origin's order. Also what a wrong master name or unreachable sentinels do.
 */
class SentinelFailoverTest {

    private static final Logger LOG = Logger.getLogger(SentinelFailoverTest.class.getName());
    private static final int RATE_PER_NODE = 60;

    private final List<TestClusterNode> nodes = new CopyOnWriteArrayList<>();
    private SentinelGroup group;

    @AfterEach
    void stopAll() {
        nodes.forEach(TestClusterNode::stop);
        if (group != null) {
            group.close();
        }
    }

    @Test
    void twoNodesLoseNothingAndDuplicateNothingAcrossAFailover() throws Exception {
        failoverUnderTraffic(2);
    }

    @Test
    void threeNodesLoseNothingAndDuplicateNothingAcrossAFailover() throws Exception {
        failoverUnderTraffic(3);
    }

    private void failoverUnderTraffic(int nodeCount) throws Exception {
        group = SentinelGroup.start(2, 3);
        ClusterSettings settings = settings(group.sentinelList(), SentinelGroup.MASTER_NAME, 1, 30_000);
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new TestClusterNode("n" + i, settings));
        }
        await(() -> nodes.stream().allMatch(node -> node.link.isUp()), "every node connected", 15);

        AtomicBoolean publishing = new AtomicBoolean(true);
        Map<String, List<String>> acceptedBy = new HashMap<>();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> publishers = new ArrayList<>();
        for (TestClusterNode node : nodes) {
            List<String> accepted = new CopyOnWriteArrayList<>();
            acceptedBy.put(node.nodeId, accepted);
            publishers.add(startPublisher(node, publishing, accepted, refused));
        }

        pause(3000);
        long killedAt = System.nanoTime();
        int oldMaster = group.killMaster();
        await(() -> group.failedOverFrom(oldMaster), "Sentinel promoting a replica", 30);
        long promotedAt = System.nanoTime();
        await(() -> nodes.stream().allMatch(node -> node.link.isUp() && node.publisher.outboxSize() == 0),
                "every node on the new master, its outbox flushed", 30);
        long recoveredAt = System.nanoTime();
        HostAndPort newMaster = group.master();
        pause(3000);
        publishing.set(false);
        for (Thread publisher : publishers) {
            publisher.join(5000);
        }

        List<String> everyAccepted = acceptedBy.values().stream().flatMap(List::stream).toList();
        await(() -> nodes.stream().allMatch(node -> node.delivered.size() >= everyAccepted.size()),
                "every accepted event on every node", 30);
        pause(1000);

        int attempts = everyAccepted.size() + refused.get();
        String figures = String.format("%d nodes: %d publishes, %d accepted (%.1f %%), %d refused; master %d -> %s;"
                        + " promoted %d ms after the kill, every node live and flushed %d ms after it",
                nodeCount, attempts, everyAccepted.size(), 100.0 * everyAccepted.size() / attempts, refused.get(),
                oldMaster, newMaster, TimeUnit.NANOSECONDS.toMillis(promotedAt - killedAt),
                TimeUnit.NANOSECONDS.toMillis(recoveredAt - killedAt));
        LOG.info(figures);
        System.out.println("FAILOVER FIGURES: " + figures);

        for (TestClusterNode node : nodes) {
            Map<String, Integer> counts = new HashMap<>();
            for (HubEvent event : node.delivered) {
                counts.merge(TestClusterNode.nonce(event), 1, Integer::sum);
            }
            List<String> missing = everyAccepted.stream().filter(nonce -> !counts.containsKey(nonce)).toList();
            List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            System.out.println("FAILOVER FIGURES: node " + node.nodeId + ": " + node.delivered.size() + " delivered, "
                    + missing.size() + " lost, " + twice.size() + " duplicated");
            assertEquals(List.of(), missing, node.nodeId + " lost accepted events");
            assertEquals(List.of(), twice, node.nodeId + " delivered events twice");
            assertEquals(everyAccepted.size(), node.delivered.size(), node.nodeId + " delivered something not accepted");
            for (Map.Entry<String, List<String>> origin : acceptedBy.entrySet()) {
                String prefix = origin.getKey() + "-";
                List<String> seen = node.delivered.stream().map(TestClusterNode::nonce)
                        .filter(nonce -> nonce.startsWith(prefix)).toList();
                assertEquals(origin.getValue(), seen, node.nodeId + " saw " + origin.getKey() + "'s events out of order");
            }
        }
        assertTrue(everyAccepted.size() >= 0.9 * attempts, figures);
        assertTrue(attempts >= RATE_PER_NODE * nodeCount * 6, "the publishers kept their pace: " + figures);
    }

    /** Publishes on {@code node} at {@link #RATE_PER_NODE} per second, on a schedule, so a slow publish is caught up. */
    private static Thread startPublisher(TestClusterNode node, AtomicBoolean publishing, List<String> accepted,
                                         AtomicInteger refused) {
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            for (int n = 0; publishing.get(); n++) {
                long due = start + n * 1_000_000_000L / RATE_PER_NODE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    pause(TimeUnit.NANOSECONDS.toMillis(wait));
                }
                String nonce = node.nodeId + "-" + n;
                try {
                    node.publish("c" + (n % 3), nonce);
                    accepted.add(nonce);
                } catch (HubUnavailableException e) {
                    refused.incrementAndGet();
                }
            }
        }, "publisher-" + node.nodeId);
        thread.start();
        return thread;
    }

    @Test
    void anUnknownMasterNameIsSevereNamesTheSettingAndLocalDeliveryGoesOn() throws IOException {
        group = SentinelGroup.start(0, 1);
        misconfigured(settings(group.sentinelList(), "no-such-master", 0, 500), "switchboard.redis.sentinel-master");
    }

    @Test
    void unreachableSentinelsAreSevereNameTheSettingAndLocalDeliveryGoesOn() {
        String nobody = "127.0.0.1:" + SentinelGroup.freePort() + ",127.0.0.1:" + SentinelGroup.freePort();
        misconfigured(settings(nobody, SentinelGroup.MASTER_NAME, 0, 500), "switchboard.redis.sentinels");
    }

    private void misconfigured(ClusterSettings settings, String setting) {
        List<LogRecord> severe = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.SEVERE) {
                    severe.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger readerLog = Logger.getLogger(StreamReader.class.getName());
        readerLog.addHandler(handler);
        try {
            TestClusterNode node = new TestClusterNode("lost", settings);
            nodes.add(node);
            await(() -> !severe.isEmpty(), "a SEVERE log line", 15);
            assertTrue(severe.get(0).getMessage().contains(setting), severe.get(0).getMessage());

            HubEvent event = node.publish("c", "local");
            assertEquals(List.of(event), node.delivered, "delivered locally at once");
            assertEquals(1, node.publisher.outboxSize(), "queued for Redis");
            assertTrue(node.link.ready(settings.readyGraceMillis()) || !node.link.isUp());
            await(() -> !node.link.ready(settings.readyGraceMillis()), "not ready after the grace", 10);
            assertFalse(node.link.isUp());
            pause(1000);
            assertEquals(1, severe.size(), "SEVERE once per outage, not on every retry: " + severe.size());
        } finally {
            readerLog.removeHandler(handler);
        }
    }

    private static ClusterSettings settings(String sentinels, String master, int minReplicas, long readyGrace) {
        SentinelSettings sentinel = new SentinelSettings(ClusterSettingsProducer.parseSentinels(sentinels), master,
                Optional.empty(), Optional.empty());
        return new ClusterSettings(Optional.empty(), Optional.of(sentinel), Optional.empty(), Optional.empty(),
                minReplicas, "test:events", 100_000, 10_000, 50, 500, readyGrace, 1000, 4);
    }

    private static void await(BooleanSupplier condition, String what, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
