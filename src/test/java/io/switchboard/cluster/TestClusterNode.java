package io.switchboard.cluster;

import io.switchboard.message.Audience;
import io.switchboard.message.EventIdGenerator;
import io.switchboard.message.HubEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/** One node's cluster parts, wired as {@link ClusterNode} wires them, delivering into a list; no app server. */
final class TestClusterNode {

    private static final EventIdGenerator IDS = new EventIdGenerator(Clock.systemUTC());

    final String nodeId;
    final List<HubEvent> delivered = new CopyOnWriteArrayList<>();
    final RedisLink link = new RedisLink(Clock.systemUTC());
    final MasterPool pool;
    final ClusterPublisher publisher;
    final StreamReplay replay;
    final StreamReader reader;
    final Thread thread;

    TestClusterNode(String nodeId, ClusterSettings settings) {
        this(nodeId, settings, null);
    }

    /**
     * As {@link #TestClusterNode(String, ClusterSettings)}, delivering into {@code sink} instead of {@link #delivered}
     * (which stays empty): for measurements, where a copy-on-write list would cost more than the reader itself.
     */
    TestClusterNode(String nodeId, ClusterSettings settings, Consumer<HubEvent> sink) {
        this.nodeId = nodeId;
        Consumer<HubEvent> delivery = sink == null ? delivered::add : sink;
        RedisClients clients = new RedisClients(settings, nodeId);
        pool = clients.pool();
        DeliveryLedger ledger = new DeliveryLedger(100_000);
        publisher = new ClusterPublisher(pool, settings, nodeId, new Outbox(settings.outboxSize()), ledger, link,
                delivery);
        replay = new StreamReplay(new UnifiedJedis(pool), settings);
        reader = new StreamReader(clients.follower(pool)::connect, settings.streamKey(), publisher, ledger, link,
                new Backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis()), delivery);
        thread = new Thread(reader, "reader-" + nodeId);
        thread.start();
    }

    /** Publishes an event on {@code channel} whose data is {@code {"n": nonce}}. */
    HubEvent publish(String channel, String nonce) {
        return publisher.publish(new HubEvent(IDS.next().toString(), "test",
                Json.createObjectBuilder().add("n", nonce).build(), Instant.now(), "test", channel, Audience.CHANNEL));
    }

    static String nonce(HubEvent event) {
        return ((JsonObject) event.data()).getString("n");
    }

    void stop() {
        reader.stop(3000);
        pool.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
