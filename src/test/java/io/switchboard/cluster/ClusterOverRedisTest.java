package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.NodeIdentity;
import io.switchboard.message.Audience;
import io.switchboard.message.EventId;
import io.switchboard.message.EventIdGenerator;
import io.switchboard.message.HubEvent;
import io.switchboard.message.HubUnavailableException;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.json.Json;
import java.lang.annotation.Annotation;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.embedded.RedisServer;

/** The publisher, reader and replay of two nodes on a real redis-server, without an app server. */
class ClusterOverRedisTest {

    private int port;
    private RedisServer redis;
    private final List<TestNode> nodes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startRedis() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = newRedis();
        redis.start();
    }

    @AfterEach
    void stopAll() throws IOException {
        nodes.forEach(TestNode::stop);
        if (redis.isActive()) {
            try (Jedis admin = new Jedis("127.0.0.1", port)) {
                // Redis notices closed sockets asynchronously: poll briefly.
                await(() -> !admin.clientList().contains("name=switchboard-"), "a stopped node leaving no connection");
            }
        }
        redis.stop();
    }

    @Test
    void everyNodeDeliversEachEventOnceUnderTheStreamId() {
        TestNode a = node("a", 100);
        TestNode b = node("b", 100);
        String id = a.publish("c1").id();

        await(() -> a.delivered.size() == 1 && b.delivered.size() == 1, "delivery on both nodes");
        assertEquals(id, a.delivered.get(0).id());
        assertEquals(id, b.delivered.get(0).id());
        pause(300);
        assertEquals(1, a.delivered.size(), "no echo on the origin");
    }

    @Test
    void anOutageDeliversLocallyAtOnceAndEverywhereOnceAfterRecovery() throws IOException {
        TestNode a = node("a", 100);
        TestNode b = node("b", 100);
        a.publish("c1");
        await(() -> b.delivered.size() == 1, "the first event on b");

        redis.stop();
        HubEvent during1 = a.publish("c1");
        HubEvent during2 = a.publish("c2");
        assertEquals(3, a.delivered.size(), "local delivery never stops");
        assertEquals(2, a.publisher.outboxSize());

        redis = newRedis();
        redis.start();
        await(() -> b.delivered.size() == 3 && a.publisher.outboxSize() == 0, "the outbox flushed to b");
        HubEvent after = a.publish("c1");
        await(() -> a.delivered.size() == 4 && b.delivered.size() == 4, "live again");

        assertEquals(List.of(during1.id(), during2.id(), after.id()),
                a.delivered.subList(1, 4).stream().map(HubEvent::id).toList(), "the origin skips its flushed entries");
        assertEquals(List.of("c1", "c1", "c2", "c1"), b.delivered.stream().map(HubEvent::channel).toList());
        pause(300);
        assertEquals(4, a.delivered.size());
        assertEquals(4, b.delivered.size());
    }

    @Test
    void aReplayAfterALocalIdLeavesOutWhatItsOriginDeliveredUpToIt() throws IOException {
        TestNode a = node("a", 100);
        TestNode b = node("b", 100);
        redis.stop();
        HubEvent first = a.publish("c");
        HubEvent second = a.publish("c");
        HubEvent third = a.publish("c");
        redis = newRedis();
        redis.start();
        await(() -> b.delivered.size() == 3 && a.publisher.outboxSize() == 0, "the outbox flushed to b");
        HubEvent after = b.publish("c");
        await(() -> a.delivered.size() == 4, "live again");

        // A client of a took the local id of the second event to b: it has the first two, not the third.
        List<HubEvent> replayed = b.replay.after(second.id(), "c").orElseThrow();
        assertEquals(List.of(third.data(), after.data()), replayed.stream().map(HubEvent::data).toList());
        assertEquals(List.of(after.id()), b.replay.after(b.delivered.get(2).id(), "c").orElseThrow().stream()
                .map(HubEvent::id).toList(), "a stream id replays as before");
        assertNotEquals(first.id(), second.id());
    }

    @Test
    void aReplayAfterALocalIdFollowsTheOrderItsOriginDeliveredIn() throws IOException {
        TestNode a = node("a", 100);
        TestNode b = node("b", 100);
        redis.stop();
        // Two publishers took ids in one order and the publish lock in the other: a delivered the later id first.
        EventId earlier = IDS.next();
        EventId later = IDS.next();
        HubEvent deliveredFirst = publish(a.publisher, "c", later);
        HubEvent deliveredSecond = publish(a.publisher, "c", earlier);
        HubEvent third = a.publish("c");
        assertEquals(List.of(deliveredFirst, deliveredSecond, third), a.delivered);
        redis = newRedis();
        redis.start();
        await(() -> b.delivered.size() == 3 && a.publisher.outboxSize() == 0, "the outbox flushed to b");

        // A client of a that saw only the first one takes its id to b: it gets the other two, in a's order.
        assertEquals(List.of(deliveredSecond.data(), third.data()), b.replay.after(deliveredFirst.id(), "c")
                .orElseThrow().stream().map(HubEvent::data).toList());
        assertEquals(List.of(third.data()), b.replay.after(deliveredSecond.id(), "c").orElseThrow().stream()
                .map(HubEvent::data).toList(), "and after the second, only the third, although its id is lower");
    }

    @Test
    void aNodeStartedWhileRedisIsAwayServesLocallyAndJoinsWhenRedisComes() throws IOException {
        redis.stop();
        TestNode a = new TestNode("a", settings(100));
        nodes.add(a);
        HubEvent early = a.publish("c");
        assertEquals(List.of(early), a.delivered, "delivered at once under its local id");

        redis = newRedis();
        redis.start();
        await(() -> a.link.isUp() && a.publisher.outboxSize() == 0, "the outbox flushed");
        List<HubEvent> stored = a.replay.after("0-0", null).orElseThrow();
        assertEquals(1, stored.size());
        assertEquals(early.data(), stored.get(0).data());
        pause(300);
        assertEquals(1, a.delivered.size(), "not delivered again when read back");
    }

    @Test
    void aFullOutboxRefuses() throws IOException {
        TestNode a = node("a", 2);
        redis.stop();
        a.publish("c");
        a.publish("c");
        assertThrows(HubUnavailableException.class, () -> a.publish("c"));
        assertEquals(2, a.delivered.size(), "what was refused was not delivered either");
    }

    @Test
    void aStoppingNodeWritesItsOutboxToRedis() throws IOException {
        // The node's reader is never started, so its stop is the only thing that can write the outbox.
        ClusterNode stopping = new ClusterNode();
        stopping.settings = settings(100);
        stopping.node = new NodeIdentity(Optional.of("stopping"));
        stopping.events = new DeliveredTo(new CopyOnWriteArrayList<>());
        stopping.init();
        redis.stop();
        HubEvent queued1 = publish(stopping.publisher(), "c1");
        HubEvent queued2 = publish(stopping.publisher(), "c2");
        assertEquals(2, stopping.outboxDepth());

        redis = newRedis();
        redis.start();
        stopping.stop();

        assertEquals(0, stopping.outboxDepth());
        TestNode reader = node("reader", 100);
        List<HubEvent> stored = reader.replay.after("0-0", null).orElseThrow();
        assertEquals(List.of(queued1.data(), queued2.data()), stored.stream().map(HubEvent::data).toList());
    }

    @Test
    void replaysTheStreamAfterAnIdForOneChannel() {
        TestNode a = node("a", 100);
        String first = a.publish("x").id();
        String second = a.publish("y").id();
        String third = a.publish("x").id();
        await(() -> a.delivered.size() == 3, "delivery");

        Optional<List<HubEvent>> all = a.replay.after(first, null);
        assertEquals(List.of(second, third), all.orElseThrow().stream().map(HubEvent::id).toList());
        assertEquals(List.of(third), a.replay.after(first, "x").orElseThrow().stream().map(HubEvent::id).toList());
        assertEquals(List.of(), a.replay.after(third, null).orElseThrow());
        assertTrue(a.replay.after("nonsense", null).isEmpty());
        assertNotEquals(first, second);
    }

    private static final EventIdGenerator IDS = new EventIdGenerator(Clock.systemUTC());

    private static HubEvent publish(ClusterPublisher publisher, String channel) {
        return publish(publisher, channel, IDS.next());
    }

    private static HubEvent publish(ClusterPublisher publisher, String channel, EventId id) {
        return publisher.publish(new HubEvent(id.toString(), "test",
                Json.createObjectBuilder().add("n", id.toString()).build(), Instant.now(), "test", channel,
                Audience.CHANNEL));
    }

    private RedisServer newRedis() throws IOException {
        return RedisServer.newRedisServer().port(port).setting("save \"\"").setting("appendonly no").build();
    }

    private ClusterSettings settings(int outboxSize) {
        return ClusterSettings.forUrl(URI.create("redis://127.0.0.1:" + port), "test:events", 1000,
                outboxSize, 50, 200, 1000, 1000, 4);
    }

    private TestNode node(String id, int outboxSize) {
        TestNode node = new TestNode(id, settings(outboxSize));
        nodes.add(node);
        await(node.link::isUp, "node " + id + " connected");
        return node;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 15_000_000_000L;
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

    /** One node's cluster parts, wired as {@link ClusterNode} wires them, delivering into a list. */
    private static final class TestNode {

        final List<HubEvent> delivered = new CopyOnWriteArrayList<>();
        final RedisLink link = new RedisLink(Clock.systemUTC());
        final MasterPool pool;
        final ClusterPublisher publisher;
        final StreamReplay replay;
        final StreamReader reader;
        final Thread thread;

        TestNode(String nodeId, ClusterSettings settings) {
            RedisClients clients = new RedisClients(settings, nodeId);
            pool = clients.pool();
            DeliveryLedger ledger = new DeliveryLedger(10_000);
            publisher = new ClusterPublisher(pool, settings, nodeId, new Outbox(settings.outboxSize()), ledger, link,
                    delivered::add);
            replay = new StreamReplay(new UnifiedJedis(pool), settings);
            reader = new StreamReader(clients.follower(pool)::connect, settings.streamKey(), publisher, ledger, link,
                    new Backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis()), delivered::add);
            thread = new Thread(reader, "reader-" + nodeId);
            thread.start();
        }

        HubEvent publish(String channel) {
            return ClusterOverRedisTest.publish(publisher, channel);
        }

        void stop() {
            reader.stop(3000);
            pool.close();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertTrue(!thread.isAlive(), "the reader thread ended");
        }
    }

    /** The CDI event channel, as far as a node uses it: firing delivers into a list. */
    private record DeliveredTo(List<HubEvent> delivered) implements Event<HubEvent> {

        @Override
        public void fire(HubEvent event) {
            delivered.add(event);
        }

        @Override
        public <U extends HubEvent> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends HubEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Event<HubEvent> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends HubEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends HubEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }
}
