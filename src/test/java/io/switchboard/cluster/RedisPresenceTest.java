package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.HubUnavailableException;
import io.switchboard.presence.LocalMembers;
import io.switchboard.presence.Member;
import io.switchboard.presence.PresenceStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/** Two nodes' presence on a real redis-server: what each sees of the other, and a node that goes silent. */
class RedisPresenceTest {

    private static final long TTL = 300;
    private static final String PREFIX = "test:presence:";

    private RedisServer redis;
    private UnifiedJedis jedis;
    private final RedisLink link = new RedisLink(Clock.systemUTC());
    private final LocalMembers none = new LocalMembers();

    @BeforeEach
    void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(port).setting("save \"\"").setting("appendonly no").build();
        redis.start();
        jedis = new UnifiedJedis("redis://127.0.0.1:" + port);
        link.markUp();
    }

    @AfterEach
    void stop() throws IOException {
        jedis.close();
        redis.stop();
    }

    @Test
    void eachNodeSeesTheOthersMembersAndALeave() {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        a.maintain(List.of());
        b.maintain(List.of());
        Member ann = member("ops", "sse-1", "a");
        a.joined(ann);
        a.joined(member("dev", "sse-2", "a"));

        assertEquals(List.of(ann), b.members("ops", none));
        assertEquals(Map.of("ops", 1, "dev", 1), b.counts(none));

        a.left(ann);
        assertEquals(List.of(), b.members("ops", none));
        assertEquals(Map.of("dev", 1), b.counts(none));
    }

    @Test
    void aSilentNodesMembersVanishWithinTheTtlAndExactlyOneSurvivorTakesThem() {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        RedisPresence c = node("c");
        List.of(a, b, c).forEach(node -> node.maintain(List.of()));
        Member ann = member("ops", "sse-1", "a");
        a.joined(ann);
        assertEquals(1, b.members("ops", none).size());

        pause(TTL + 200); // a renews nothing: it died
        assertEquals(List.of(), b.members("ops", none), "gone from the list once its liveness expired");
        List<Member> takenByB = b.maintain(List.of()).expired();
        List<Member> takenByC = c.maintain(List.of()).expired();
        assertEquals(List.of(ann), takenByB);
        assertEquals(List.of(), takenByC, "its leave is sent once");
        assertFalse(jedis.exists(PREFIX + "members:a"));
    }

    @Test
    void aNodeTakenForDeadPutsItsMembersBackAndOwesTheirJoins() {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        Member ann = member("ops", "sse-1", "a");
        a.maintain(List.of());
        a.joined(ann);
        pause(TTL + 200); // a stalled
        assertEquals(List.of(ann), b.maintain(List.of()).expired());

        PresenceStore.Upkeep back = a.maintain(List.of(ann));
        assertTrue(back.reannounced());
        assertEquals(List.of(ann), b.members("ops", none));
    }

    @Test
    void aRestartedNodeOwesTheLeavesOfItsPreviousRunsMembers() {
        RedisPresence before = node("a");
        before.maintain(List.of());
        Member old = member("ops", "sse-1", "a");
        before.joined(old);
        Member kept = member("ops", "sse-2", "a");
        before.joined(kept);

        RedisPresence after = node("a"); // the same node id, restarted within the ttl
        PresenceStore.Upkeep first = after.maintain(List.of(kept));
        assertEquals(List.of(old), first.expired());
        assertFalse(first.reannounced());
        assertEquals(List.of(kept), node("b").members("ops", none));
    }

    @Test
    void aGoodbyeTakesTheNodeOffAtOnce() {
        RedisPresence a = node("a");
        a.maintain(List.of());
        a.joined(member("ops", "sse-1", "a"));
        a.goodbye();
        assertEquals(Map.of(), node("b").counts(none));
        assertEquals(List.of(), node("b").maintain(List.of()).expired(), "nothing left to expire");
    }

    @Test
    void withRedisAwayReadsAreRefusedAndWritesAreMadeGoodLater() {
        RedisPresence a = node("a");
        a.maintain(List.of());
        link.markDown();
        Member ann = member("ops", "sse-1", "a");
        a.joined(ann);
        assertThrows(HubUnavailableException.class, () -> node("b").members("ops", none));

        link.markUp();
        assertEquals(List.of(), node("b").members("ops", none));
        a.maintain(List.of(ann));
        assertEquals(List.of(ann), node("b").members("ops", none));
    }

    private RedisPresence node(String id) {
        return new RedisPresence(jedis, link, PREFIX, id, TTL);
    }

    private static Member member(String room, String connection, String node) {
        return new Member(room, connection, "u-" + connection, "sse", node, Instant.parse("2026-12-03T09:00:00Z"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
