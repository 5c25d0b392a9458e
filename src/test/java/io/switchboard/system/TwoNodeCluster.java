package io.switchboard.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import redis.embedded.RedisServer;

/**
 * Two Switchboard nodes, A and B, each its own Payara Micro ({@link PayaraNode}), on one real redis-server started
 * here on a free loopback port, with a {@link SwitchboardApi} on each: the set-up of the two-node system tests.
 * Redis can be stopped and started again on the same port, for outage tests. Closing it closes the APIs, the nodes
 * and Redis, each whatever the others do.
 */
final class TwoNodeCluster implements AutoCloseable {

    private final int redisPort;
    private RedisServer redis;
    private PayaraNode nodeA;
    private PayaraNode nodeB;
    private SwitchboardApi apiA;
    private SwitchboardApi apiB;

    private TwoNodeCluster(int redisPort) {
        this.redisPort = redisPort;
    }

    /** As {@link #start(String, Map, Map, Map, Predicate)}, with the same settings on both nodes. */
    static TwoNodeCluster start(String name, Map<String, String> common, Predicate<String> ready) throws IOException {
        return start(name, common, Map.of(), Map.of(), ready);
    }

    /**
     * Starts Redis, then the nodes {@code <name>-A} and {@code <name>-B}, and waits until the health of each satisfies
     * {@code ready}. Each node gets its node id (A or B) and the Redis URL, then {@code common}, then its own settings
     * ({@code onlyA} or {@code onlyB}), a later one overriding an earlier one. The two boot at the same time. What was
     * started is closed again if this fails.
     */
    static TwoNodeCluster start(String name, Map<String, String> common, Map<String, String> onlyA,
                                Map<String, String> onlyB, Predicate<String> ready) throws IOException {
        TwoNodeCluster cluster = new TwoNodeCluster(PayaraNode.freePort());
        try {
            cluster.startRedis();
            cluster.nodeA = PayaraNode.start(name + "-A", cluster.settings("A", common, onlyA));
            cluster.nodeB = PayaraNode.start(name + "-B", cluster.settings("B", common, onlyB));
            cluster.awaitHealth(ready);
            cluster.apiA = new SwitchboardApi(cluster.nodeA.url());
            cluster.apiB = new SwitchboardApi(cluster.nodeB.url());
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private Map<String, String> settings(String nodeId, Map<String, String> common, Map<String, String> own) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("switchboard.node-id", nodeId);
        settings.put("switchboard.redis.url", "redis://127.0.0.1:" + redisPort);
        settings.putAll(common);
        settings.putAll(own);
        return settings;
    }

    /** Starts a new redis-server on this cluster's port; as it keeps nothing on disk, it starts empty. */
    void startRedis() throws IOException {
        // No persistence: a restarted Redis comes back empty, the harder case for the readers. It binds to loopback
        // (embedded-redis's default).
        redis = RedisServer.newRedisServer().port(redisPort).setting("save \"\"").setting("appendonly no").build();
        redis.start();
    }

    /** Stops the redis-server; the nodes stay up. */
    void stopRedis() throws IOException {
        redis.stop();
    }

    /** Waits until the health of A, then of B, satisfies {@code ready}. */
    void awaitHealth(Predicate<String> ready) {
        nodeA.awaitHealth(ready);
        nodeB.awaitHealth(ready);
    }

    PayaraNode nodeA() {
        return nodeA;
    }

    PayaraNode nodeB() {
        return nodeB;
    }

    SwitchboardApi apiA() {
        return apiA;
    }

    SwitchboardApi apiB() {
        return apiB;
    }

    @Override
    public void close() {
        RedisServer redisServer = redis;
        SystemTestSupport.closeAll(apiA, apiB, nodeA, nodeB, redisServer == null ? null : redisServer::stop);
    }
}
