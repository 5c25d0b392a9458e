package io.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.connection.ConnectionInfo;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.history.HistoryPage;
import io.switchboard.message.Audience;
import io.switchboard.message.HubEvent;
import io.switchboard.message.MessageValidator;
import io.switchboard.metrics.HubMetrics;
import io.switchboard.testing.RawHttp;
import io.switchboard.testing.RawSocketIoWebSocket;
import io.switchboard.testing.SocketIoTestClient;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that stop reading, on the engine's direct port with real sockets: raw Socket.IO WebSocket clients that
 * connect and then read nothing (a small receive buffer, so their TCP window fills soon), and a polling session that
 * stops polling, beside clients that read everything, during a burst of 8 KB events. The stalled ones are dropped and
 * counted as {@code slow_client}; the readers get every event once.
 */
@Timeout(120)
class SlowClientsTest {

    private static final int CLIENT_QUEUE = SocketIoSettings.DEFAULT_CLIENT_QUEUE;
    private static final int EVENTS = 3000;
    private static final int STALLED = 3;
    private static final int READERS = 3;
    private static final String PADDING = "x".repeat(8 * 1024);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final HubMetrics metrics = new HubMetrics();
    private final List<String> dropped = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ExecutorService readerThreads = Executors.newCachedThreadPool();
    private int port;
    private SocketIoEngine engine;

    @BeforeEach
    void start() {
        port = SocketIoTestClient.freePort();
        // The defaults: a client queue of CLIENT_QUEUE frames, a write timeout of 10 s.
        SocketIoSettings settings = new SocketIoSettings("127.0.0.1", port, List.of(), 25_000, 20_000, 1_000_000,
                false);
        engine = new SocketIoEngine(settings, new ClientRequests(new MessageValidator(1 << 20),
                draft -> draft.accepted("1-0", Instant.now()),
                request -> CompletableFuture.completedFuture(new HistoryPage(List.of(), false))), registry,
                getClass().getClassLoader(), new io.switchboard.auth.Authenticator(
                        io.switchboard.auth.AuthSettings.disabled()), new io.switchboard.ratelimit.RateLimits(0, 1),
                io.switchboard.connection.ClientAddresses.trustingNoProxy(), why -> {
                    dropped.add(why);
                    metrics.closed(SocketIoEngine.TRANSPORT, why);
                });
        engine.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable connection : opened) {
            connection.close();
        }
        readerThreads.shutdownNow();
        engine.stop();
    }

    @Test
    void webSocketClientsThatStopReadingAreDroppedAndReadersMissNothing() throws Exception {
        List<RawSocketIoWebSocket> stalled = new ArrayList<>();
        List<RawSocketIoWebSocket> readers = new ArrayList<>();
        for (int i = 0; i < STALLED; i++) {
            stalled.add(open(4096));
        }
        List<Future<Boolean>> reading = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            RawSocketIoWebSocket reader = open(0);
            readers.add(reader);
            reading.add(readerThreads.submit(reader::readUntilClosed));
        }
        await(() -> registry.count(SocketIoEngine.TRANSPORT) == STALLED + READERS, "every client registered");

        burst(readers);

        await(() -> dropped.size() >= STALLED, "the stalled clients dropped");
        await(() -> ids().equals(readers.stream().map(r -> "socketio-" + r.sid()).collect(Collectors.toSet())),
                "only the readers left in the registry");
        assertEquals(STALLED, dropped.size(), dropped::toString);
        assertEquals(Map.of("socketio/slow_client", (long) STALLED), metrics.droppedByTransportAndCause());
        for (RawSocketIoWebSocket client : stalled) {
            // Reading now, it gets what the server's socket still held, then the end of the stream.
            assertTrue(client.readUntilClosed(), "stalled client " + client.sid() + " closed by the server");
        }
        for (RawSocketIoWebSocket reader : readers) {
            await(() -> reader.events() >= EVENTS, "reader " + reader.sid() + " has every event");
            assertEquals(EVENTS, reader.events());
            assertEquals(EVENTS, reader.ids().size());
            assertTrue(reader.ids().values().stream().allMatch(count -> count.get() == 1), "none twice");
            assertFalse(reader.closedByServer());
        }
        reading.forEach(future -> assertFalse(future.isDone(), "the readers are still connected"));
    }

    @Test
    void aPollingSessionThatStopsPollingIsClosedBeyondTheBound() throws Exception {
        String path = "/ws/chat/?EIO=4&transport=polling";
        String sid = new JSONObject(RawHttp.request(port, "GET", path, null, TIMEOUT).body().substring(1))
                .getString("sid");
        String session = path + "&sid=" + sid;
        assertEquals("ok", RawHttp.request(port, "POST", session, "40", TIMEOUT).body());
        assertTrue(RawHttp.request(port, "GET", session, null, TIMEOUT).body().startsWith("40"));
        RawSocketIoWebSocket reader = open(0);
        Future<Boolean> reading = readerThreads.submit(reader::readUntilClosed);
        await(() -> registry.count(SocketIoEngine.TRANSPORT) == 2, "both registered");

        int events = CLIENT_QUEUE + 10;
        for (int i = 0; i < events; i++) {
            engine.deliver(event("p-" + i, "small"));
        }

        await(() -> dropped.size() >= 1, "the polling session closed");
        assertEquals(1, dropped.size(), dropped::toString);
        assertEquals(Map.of("socketio/slow_client", 1L), metrics.droppedByTransportAndCause());
        await(() -> ids().equals(Set.of("socketio-" + reader.sid())), "only the reader left in the registry");
        RawHttp.Response poll = RawHttp.request(port, "GET", session, null, TIMEOUT);
        assertEquals(400, poll.status(), poll.toString());
        await(() -> reader.events() >= events, "the reader has every event");
        assertEquals(events, reader.ids().size());
        assertFalse(reading.isDone());
    }

    /** netty-socketio alone loses one packet in 51 here (see {@link LosslessPollingEncoder}). */
    @Test
    void aPollingReaderGetsEveryEventOfABurst() throws Exception {
        String path = "/ws/chat/?EIO=4&transport=polling";
        String sid = new JSONObject(RawHttp.request(port, "GET", path, null, TIMEOUT).body().substring(1))
                .getString("sid");
        String session = path + "&sid=" + sid;
        assertEquals("ok", RawHttp.request(port, "POST", session, "40", TIMEOUT).body());
        assertTrue(RawHttp.request(port, "GET", session, null, TIMEOUT).body().startsWith("40"));
        int events = 120;
        for (int i = 0; i < events; i++) {
            engine.deliver(event("q-" + i, "small"));
        }
        Set<String> received = new HashSet<>();
        int polls = 0;
        while (received.size() < events && polls < 10) {
            String body = RawHttp.request(port, "GET", session, null, TIMEOUT).body();
            polls++;
            for (String packet : body.split("\u001e")) {
                Matcher id = ID.matcher(packet);
                if (id.find()) {
                    received.add(id.group(1));
                }
            }
        }
        assertEquals(events, received.size(), "after " + polls + " polls");
    }

    /**
     * {@value #EVENTS} events of 8 KB as fast as the readers take them: the publisher stays within half the client
     * queue of the slowest reader, so a reader is never near the bound, and a stalled client goes past it.
     */
    private void burst(List<RawSocketIoWebSocket> readers) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos() * 2;
        for (int i = 0; i < EVENTS; i++) {
            while (i - readers.stream().mapToInt(RawSocketIoWebSocket::events).min().orElse(0) > CLIENT_QUEUE / 2) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the readers stopped reading at " + readers.stream()
                            .map(RawSocketIoWebSocket::events).toList() + " of " + i);
                }
                Thread.sleep(1);
            }
            engine.deliver(event("e-" + i, PADDING));
        }
    }

    private RawSocketIoWebSocket open(int receiveBuffer) throws Exception {
        RawSocketIoWebSocket client = RawSocketIoWebSocket.connect(port, receiveBuffer, READ_TIMEOUT);
        opened.add(client);
        return client;
    }

    private Set<String> ids() {
        return registry.list().stream().map(ConnectionInfo::id).collect(Collectors.toSet());
    }

    private static HubEvent event(String id, String padding) {
        return new HubEvent(id, "message", Json.createObjectBuilder().add("id", id).add("pad", padding).build(),
                Instant.now(), "test", null, Audience.EVERYONE);
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
