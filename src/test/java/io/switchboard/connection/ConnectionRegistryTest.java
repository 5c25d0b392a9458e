package io.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.message.InvalidInputException;
import io.switchboard.metrics.HubMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

    private final HubMetrics metrics = new HubMetrics();
    private final ConnectionRegistry registry = new ConnectionRegistry(2, metrics);

    @Test
    void theCapCoversEveryTransportOfOneAddress() {
        assertTrue(registry.tryRegister("sse-1", "sse", "10.0.0.1", Set.of()));
        assertTrue(registry.tryRegister("websocket-1", "websocket", "10.0.0.1", Set.of()));
        assertFalse(registry.tryRegister("socketio-1", "socketio", "10.0.0.1", Set.of()));
        assertFalse(registry.tryRegister("sse-2", "sse", "10.0.0.1", Set.of()));
        assertTrue(registry.tryRegister("sse-3", "sse", "10.0.0.2", Set.of()), "another address");
        assertEquals(3, registry.list().size(), "the refused were not registered");
        assertEquals(Map.of("socketio/too_many_connections", 1L, "sse/too_many_connections", 1L),
                metrics.refusedByTransportAndCause());
    }

    @Test
    void unregisteringFreesTheSlotOnceHoweverOftenItIsCalled() {
        registry.tryRegister("a", "sse", "10.0.0.1", Set.of());
        registry.tryRegister("b", "sse", "10.0.0.1", Set.of());
        registry.unregister("a");
        registry.unregister("a"); // a second close path of the same connection
        registry.unregister("never-registered");
        assertEquals(1, registry.countFrom("10.0.0.1"));
        assertTrue(registry.tryRegister("c", "sse", "10.0.0.1", Set.of()));
        assertFalse(registry.tryRegister("d", "sse", "10.0.0.1", Set.of()));
    }

    @Test
    void registeringAnIdAgainTakesNoSecondSlot() {
        assertTrue(registry.tryRegister("a", "socketio", "10.0.0.1", Set.of()));
        assertTrue(registry.tryRegister("a", "socketio", "10.0.0.1", Set.of()));
        registry.register("a", "socketio", "10.0.0.1", Set.of());
        assertEquals(1, registry.countFrom("10.0.0.1"));
        registry.unregister("a");
        assertEquals(0, registry.countedAddresses());
    }

    @Test
    void registerNeverRefusesButCounts() {
        registry.register("a", "socketio", "10.0.0.1", Set.of());
        registry.register("b", "socketio", "10.0.0.1", Set.of());
        registry.register("c", "socketio", "10.0.0.1", Set.of());
        assertEquals(3, registry.count("socketio"));
        assertFalse(registry.tryRegister("d", "sse", "10.0.0.1", Set.of()));
        registry.unregister("a");
        registry.unregister("b");
        assertTrue(registry.tryRegister("d", "sse", "10.0.0.1", Set.of()));
    }

    @Test
    void oneClientIsOneKeyWhateverFormItsAddressCameIn() {
        registry.tryRegister("a", "sse", "0:0:0:0:0:0:0:1", Set.of());
        registry.tryRegister("b", "websocket", "::1", Set.of());
        assertFalse(registry.tryRegister("c", "socketio", "0000::0001", Set.of()));
        assertEquals("::1", registry.list().get(0).remoteAddress());
    }

    @Test
    void anUnknownAddressIsNeverRefused() {
        for (int i = 0; i < 5; i++) {
            assertTrue(registry.tryRegister("ws-" + i, "websocket", null, Set.of()));
        }
    }

    @Test
    void theRefusalIsTheProjectsErrorWith429() {
        InvalidInputException refusal = registry.refusal();
        assertEquals(429, refusal.status());
        assertEquals("too_many_connections", refusal.error());
        assertTrue(refusal.detail().contains("switchboard.max-connections-per-address"), refusal.detail());
        assertSame(refusal, registry.refusal(), "refusing allocates nothing");
    }

    @Test
    void withoutACapNothingIsRefusedOrCounted() {
        ConnectionRegistry open = new ConnectionRegistry();
        for (int i = 0; i < 2000; i++) {
            assertTrue(open.tryRegister("sse-" + i, "sse", "127.0.0.1", Set.of()));
        }
        assertEquals(0, open.countedAddresses());
        assertEquals(2000, open.count("sse"));
    }

    @Test
    void concurrentOpensAndClosesLeaveNothingBehind() throws Exception {
        ConnectionRegistry capped = new ConnectionRegistry(3, metrics);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger overCap = new AtomicInteger();
        int threads = 8;
        int rounds = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        String id = "c-" + thread + "-" + i;
                        String address = "10.0.0." + (i % 3);
                        if (capped.tryRegister(id, "sse", address, Set.of())) {
                            admitted.incrementAndGet();
                            if (capped.countFrom(address) > 3) {
                                overCap.incrementAndGet();
                            }
                            // Both close paths of a connection (its close event and its failed write) unregister it.
                            capped.unregister(id);
                            capped.unregister(id);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(admitted.get() > 0);
        assertEquals(0, overCap.get(), "never over the cap");
        assertEquals(0, capped.countedAddresses(), "no address left counted");
        assertTrue(capped.list().isEmpty());
    }
}
