package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.HubEvent;
import io.switchboard.testredis.SentinelGroup;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * {@code switchboard.redis.min-replicas}: an event the master took but no replica confirmed is not answered as
 * written; it is delivered locally and queued, written again once a replica confirms, and every node delivers it once
 * although the stream then holds it twice. The replica is stalled with SIGSTOP, so the master's WAIT runs out.
 */
class MinReplicasTest {

    private SentinelGroup group;
    private TestClusterNode origin;
    private TestClusterNode other;

    @AfterEach
    void stopAll() throws Exception {
        if (group != null) {
            group.replica(0).signal("CONT");
        }
        for (TestClusterNode node : new TestClusterNode[] {origin, other}) {
            if (node != null) {
                node.stop();
            }
        }
        if (group != null) {
            group.close();
        }
    }

    @Test
    void anEventNoReplicaConfirmedIsQueuedWrittenAgainAndDeliveredOnce() throws Exception {
        group = SentinelGroup.start(1, 0);
        ClusterSettings settings = new ClusterSettings(
                java.util.Optional.of(URI.create("redis://127.0.0.1:" + group.initialMasterPort())),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), 1, "test:events",
                1000, 100, 50, 200, 30_000, 1000, 4);
        origin = new TestClusterNode("origin", settings);
        other = new TestClusterNode("other", settings);
        await(() -> origin.link.isUp() && other.link.isUp(), "both connected");
        pause(1500); // a replica just synced may not acknowledge a WAIT at once
        HubEvent confirmed = origin.publish("c", "confirmed");
        await(() -> other.delivered.size() == 1, "a confirmed event on the other node");
        assertEquals(confirmed.id(), other.delivered.get(0).id(), "answered with its stream id");

        group.replica(0).signal("STOP");
        HubEvent unconfirmed = origin.publish("c", "unconfirmed");
        // Delivered at once: by the origin's reader from the stream if it read it during the WAIT (under its stream
        // id), else by the publisher under its local id; the answer carries the id it was delivered under.
        assertEquals(2, origin.delivered.size(), "delivered on the origin at once, once");
        assertEquals(unconfirmed.id(), origin.delivered.get(1).id(), "answered with the id delivered");
        assertEquals(1, origin.publisher.outboxSize(), "queued for a confirmed write");
        assertFalse(origin.link.isUp());

        group.replica(0).signal("CONT");
        await(() -> origin.link.isUp() && origin.publisher.outboxSize() == 0, "the outbox flushed and confirmed");
        await(() -> other.delivered.size() == 2, "the event on the other node");
        try (Jedis jedis = new Jedis("127.0.0.1", group.initialMasterPort())) {
            assertEquals(3, jedis.xlen("test:events"), "the unconfirmed event is in the stream twice");
        }
        pause(500);
        assertEquals(List.of("confirmed", "unconfirmed"), other.delivered.stream().map(TestClusterNode::nonce).toList(),
                "the other node delivered it once");
        assertEquals(2, origin.delivered.size(), "the origin did not deliver it again");
        assertTrue(origin.link.isUp());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
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
