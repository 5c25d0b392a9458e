package io.switchboard.system;

import static io.switchboard.system.JsonSupport.obj;
import static io.switchboard.system.SseFrame.idIn;
import static io.switchboard.system.SseFrame.withId;
import static io.switchboard.system.SystemTestSupport.BULK_TIMEOUT;
import static io.switchboard.system.SystemTestSupport.CLEANUP_TIMEOUT;
import static io.switchboard.system.SystemTestSupport.DELIVERY_TIMEOUT;
import static io.switchboard.system.SystemTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The SSE hub under stress: hundreds of clients connecting and vanishing, a client that stops reading, and concurrent
 * publishers. The connection-count test runs first, on a server no other test has touched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SseResilienceIT extends SystemTestBase {

    private static final int CONNECTIONS_PER_CYCLE = 200;
    private static final int CYCLES = 5;
    private static final int SLOW_TEST_EVENTS = 300;
    private static final int SLOW_TEST_PAYLOAD_CHARS = 20_000;
    private static final int PUBLISHERS = 4;
    private static final int EVENTS_PER_PUBLISHER = 125;

    @Test
    @Order(1)
    void closedClientsLeaveTheConnectionCount() throws Exception {
        int baseline = api.settledConnections();
        ExecutorService connectors = Executors.newFixedThreadPool(32);
        try {
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                List<SocketSseConnection> connections = openConcurrently(connectors, cycle);
                try {
                    api.awaitConnections(count -> count >= baseline + CONNECTIONS_PER_CYCLE, DELIVERY_TIMEOUT,
                            ">= " + (baseline + CONNECTIONS_PER_CYCLE) + " in cycle " + cycle);
                } finally {
                    // half hang up politely, half reset the connection like a crashed client
                    for (int i = 0; i < connections.size(); i++) {
                        if (i % 2 == 0) {
                            connections.get(i).close();
                        } else {
                            connections.get(i).abort();
                        }
                    }
                }
                api.awaitConnections(count -> count <= baseline, CLEANUP_TIMEOUT,
                        "back to the baseline " + baseline + " after cycle " + cycle);
            }
        } finally {
            connectors.shutdownNow();
            connectors.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertEquals("UP", api.health().getString("status"));
    }

    /** Opens one cycle's connections, spread over both endpoints and several channels; all or none. */
    private List<SocketSseConnection> openConcurrently(ExecutorService connectors, int cycle) throws Exception {
        List<String> paths = List.of("api/events", "api/events?channel=cycle-" + cycle, "stream?channel=cycle-" + cycle);
        List<Future<SocketSseConnection>> pending = IntStream.range(0, CONNECTIONS_PER_CYCLE)
                .mapToObj(i -> connectors.submit(() -> api.openSocket(paths.get(i % paths.size()))))
                .toList();
        List<SocketSseConnection> opened = new ArrayList<>();
        try {
            for (Future<SocketSseConnection> connection : pending) {
                opened.add(connection.get(DELIVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return opened;
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            pending.forEach(connection -> connection.cancel(true));
            opened.forEach(SocketSseConnection::close);
            for (Future<SocketSseConnection> connection : pending) {
                if (connection.isDone() && !connection.isCancelled()) {
                    try {
                        connection.get().close();
                    } catch (ExecutionException ignored) {
                        // never opened
                    }
                }
            }
            throw new AssertionError("could not open " + CONNECTIONS_PER_CYCLE + " SSE connections in cycle "
                    + cycle + " (" + opened.size() + " opened)", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    @Test
    @Order(2)
    @SuppressWarnings("try") // the stuck client is only held open
    void aClientThatStopsReadingDelaysNoOne() throws IOException {
        String channel = unique("slow");
        int baseline = api.settledConnections();
        try (SocketSseConnection stuck = api.openNeverReadingSocket("api/events");
             JerseySseSubscriber healthy = api.subscribe("api/events?channel=" + channel)) {
            api.awaitConnections(count -> count >= baseline + 2, DELIVERY_TIMEOUT, "the stuck and the healthy client");
            api.awaitLive(healthy, channel);

            String payload = "x".repeat(SLOW_TEST_PAYLOAD_CHARS);
            List<String> published = new ArrayList<>();
            for (int seq = 0; seq < SLOW_TEST_EVENTS; seq++) {
                published.add(api.publish("bulk", obj("seq", seq, "payload", payload), channel));
            }

            Set<String> ids = Set.copyOf(published);
            List<SseFrame> received = healthy.frames().awaitCount(idIn(ids), SLOW_TEST_EVENTS,
                    BULK_TIMEOUT, "every bulk event");
            assertEquals(published, received.stream().map(SseFrame::id).toList(), "all events, in order, once");
            JsonObject last = received.get(received.size() - 1).jsonObject();
            assertEquals(SLOW_TEST_EVENTS - 1, last.getJsonObject("data").getInt("seq"));
            assertEquals(payload, last.getJsonObject("data").getString("payload"));

            String after = api.publish("after", obj(), channel);
            healthy.frames().await(withId(after), DELIVERY_TIMEOUT, "an event after the flood");
            assertEquals("UP", api.health().getString("status"));
        }
        api.awaitConnections(count -> count <= baseline, CLEANUP_TIMEOUT,
                "back to the baseline " + baseline + " once the stuck client is gone");
    }

    @Test
    @Order(3)
    void concurrentPublishersLoseNothing() throws Exception {
        String channel = unique("load");
        try (JerseySseSubscriber envelopes = api.subscribe("api/events?channel=" + channel);
             RawSseClient flask = api.openRaw("stream?channel=" + channel, Map.of()).expectEventStream()) {
            api.awaitLive(envelopes, channel);
            api.awaitLive(flask, channel);

            Map<String, int[]> accepted = publishConcurrently(channel);
            assertEquals(PUBLISHERS * EVENTS_PER_PUBLISHER, accepted.size(), "distinct ids accepted");

            for (SseClient client : List.<SseClient>of(envelopes, flask)) {
                List<SseFrame> received = client.frames().awaitCount(idIn(accepted.keySet()),
                        accepted.size(), BULK_TIMEOUT, "every accepted event");
                List<String> ids = received.stream().map(SseFrame::id).toList();
                assertEquals(accepted.size(), ids.size(), () -> client.frames() + ": an event came twice");
                assertEquals(accepted.keySet(), new HashSet<>(ids), () -> client.frames() + ": events differ");
                assertPublisherOrder(accepted, ids);
            }
        }
    }

    /** Publishes from {@link #PUBLISHERS} threads; returns each accepted id with its {publisher, n}. */
    private Map<String, int[]> publishConcurrently(String channel) throws Exception {
        Map<String, int[]> accepted = new ConcurrentHashMap<>();
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<?>> done = IntStream.range(0, PUBLISHERS)
                    .<Future<?>>mapToObj(publisher -> publishers.submit(() -> {
                        for (int n = 0; n < EVENTS_PER_PUBLISHER; n++) {
                            String id = api.publish("load", obj("publisher", publisher, "n", n), channel);
                            accepted.put(id, new int[] {publisher, n});
                        }
                    }))
                    .toList();
            for (Future<?> publisher : done) {
                publisher.get(BULK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            publishers.shutdownNow();
            publishers.awaitTermination(10, TimeUnit.SECONDS);
        }
        return accepted;
    }

    /** Events of one publisher, who waited for each 202 before the next, arrive in the order they were sent. */
    private static void assertPublisherOrder(Map<String, int[]> accepted, List<String> ids) {
        int[] lastSeen = new int[PUBLISHERS];
        Arrays.fill(lastSeen, -1);
        for (String id : ids) {
            int[] origin = accepted.get(id);
            assertEquals(lastSeen[origin[0]] + 1, origin[1],
                    "publisher " + origin[0] + "'s events out of order at event " + id);
            lastSeen[origin[0]] = origin[1];
        }
    }
}
