package io.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/** Two nodes' boards on a real redis-server. */
class FigureBoardTest {

    private static final String KEY = "test:figures";
    private static final long STALE = 5000;

    private RedisServer redis;
    private UnifiedJedis jedis;

    @BeforeEach
    void startRedis() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        redis.start();
        jedis = new UnifiedJedis("redis://127.0.0.1:" + port);
    }

    @AfterEach
    void stopRedis() throws IOException {
        jedis.close();
        redis.stop();
    }

    @Test
    void eachNodeSeesEveryFreshNodeItselfIncluded() {
        FigureBoard a = new FigureBoard(jedis, KEY, STALE);
        FigureBoard b = new FigureBoard(jedis, KEY, STALE);
        a.exchange(figures("A", 10_000), 10_000);
        List<NodeFigures> seenByB = b.exchange(figures("B", 10_100), 10_100);
        assertEquals(List.of("A", "B"), seenByB.stream().map(NodeFigures::node).sorted().toList());
        assertEquals(2, seenByB.stream().filter(n -> n.node().equals("A")).findFirst().orElseThrow()
                .connections().get("sse"));
        assertTrue(jedis.pttl(KEY) > 0 && jedis.pttl(KEY) <= 2 * STALE, "the hash expires when nobody writes");
    }

    @Test
    void aNodeThatStoppedWritingIsLeftOutAndRemovedOnceStale() {
        FigureBoard a = new FigureBoard(jedis, KEY, STALE);
        FigureBoard b = new FigureBoard(jedis, KEY, STALE);
        a.exchange(figures("A", 10_000), 10_000);
        assertEquals(2, b.exchange(figures("B", 14_000), 14_000).size(), "A is 4 s old: still listed");
        List<NodeFigures> later = b.exchange(figures("B", 15_001), 15_001);
        assertEquals(List.of("B"), later.stream().map(NodeFigures::node).toList());
        assertFalse(jedis.hexists(KEY, "A"));
    }

    @Test
    void aStoppingNodeWithdrawsAtOnceAndDamagedEntriesAreSkipped() {
        FigureBoard a = new FigureBoard(jedis, KEY, STALE);
        FigureBoard b = new FigureBoard(jedis, KEY, STALE);
        a.exchange(figures("A", 10_000), 10_000);
        jedis.hset(KEY, "Z", "{not json");
        a.withdraw("A");
        assertEquals(List.of("B"), b.exchange(figures("B", 10_500), 10_500).stream().map(NodeFigures::node).toList());
    }

    private static NodeFigures figures(String node, long at) {
        return new NodeFigures(node, at, "UP", "up", "1.0", 5, Map.of("sse", 2), 1, 2,
                new long[NodeFigures.BOUNDS.length + 1], 3, 4);
    }
}
