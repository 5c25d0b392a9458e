package io.switchboard.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.RawSocketIoWebSocket;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Socket.IO clients that stop reading, on either entry point of a real node (its own Payara Micro, default heartbeats so
 * that only the slow-client bound can drop a client): raw WebSocket clients that connect and then read nothing, beside
 * raw clients that read everything, during a burst of 8 KB broadcasts over REST. The stalled ones are disconnected and
 * counted in {@code switchboard_clients_dropped_total{transport="socketio",cause="slow_client"}}; the readers get
 * every broadcast once.
 */
@Timeout(300)
class SocketIoSlowClientsIT {

    private static final Logger LOG = Logger.getLogger(SocketIoSlowClientsIT.class.getName());
    private static final int CLIENT_QUEUE = 1000;
    private static final int STALLED = 5;
    private static final int READERS = 3;
    private static final int BROADCASTS = 3000;
    private static final int PUBLISHERS = 4;
    private static final String CONTENT = "x".repeat(8 * 1024);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final String DROPPED = "switchboard_clients_dropped_total{transport=\"socketio\",cause=\"slow_client\"}";

    private static PayaraNode node;
    private static HttpClient http;

    @BeforeAll
    static void startNode() throws IOException {
        node = PayaraNode.startUp("slow-clients", Map.of(
                "switchboard.socketio.client-queue", String.valueOf(CLIENT_QUEUE),
                // One publisher address sends thousands of broadcasts: no REST rate limit here.
                "switchboard.ratelimit.rate", "0"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stopNode() {
        SystemTestSupport.closeAll(node);
    }

    /** On the direct port (netty's socket writes) and the app server's port (the bridge's writes into Grizzly). */
    @ParameterizedTest
    @ValueSource(strings = {"direct", "app server"})
    void stalledWebSocketClientsAreDroppedAndCountedAndReadersMissNothing(String entryPoint) throws Exception {
        int port = entryPoint.equals("direct") ? node.socketIoPort() : node.base().getPort();
        List<RawSocketIoWebSocket> stalled = new ArrayList<>();
        List<RawSocketIoWebSocket> readers = new ArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(RawSocketIoWebSocket.connect(port, 4096, TIMEOUT));
            }
            List<Future<Boolean>> reading = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                RawSocketIoWebSocket reader = RawSocketIoWebSocket.connect(port, 0, TIMEOUT);
                readers.add(reader);
                reading.add(threads.submit(reader::readUntilClosed));
            }
            awaitSocketIoConnections(STALLED + READERS);
            long droppedBefore = dropped();
            long rssBefore = rssKilobytes();

            Set<String> sent = burst(readers, threads);
            long rssBurst = rssKilobytes();

            SystemTestSupport.awaitValue(SocketIoSlowClientsIT::dropped, n -> n >= droppedBefore + STALLED, TIMEOUT,
                    Duration.ofMillis(200), STALLED + " stalled clients counted as slow_client");
            long rssAfter = rssKilobytes();
            LOG.info(() -> "Payara Micro RSS: " + rssBefore / 1024 + " MB with " + (STALLED + READERS)
                    + " clients before the burst, " + rssBurst / 1024 + " MB right after it, " + rssAfter / 1024
                    + " MB once the stalled clients were dropped");
            awaitSocketIoConnections(READERS);
            assertEquals(droppedBefore + STALLED, dropped());
            for (RawSocketIoWebSocket client : stalled) {
                // Reading now, it gets what the server's socket still held, then the end of the stream.
                assertTrue(client.readUntilClosed(), "stalled client " + client.sid() + " closed by the server");
            }
            for (RawSocketIoWebSocket reader : readers) {
                SystemTestSupport.awaitValue(reader::events, n -> n >= BROADCASTS, TIMEOUT, Duration.ofMillis(100),
                        "reader " + reader.sid() + " has every broadcast");
                assertEquals(sent, reader.ids().keySet());
                assertTrue(reader.ids().values().stream().allMatch(count -> count.get() == 1), "none twice");
                assertEquals(BROADCASTS, reader.events());
                assertFalse(reader.closedByServer());
            }
            reading.forEach(future -> assertFalse(future.isDone(), "the readers are still connected"));
        } finally {
            stalled.forEach(RawSocketIoWebSocket::close);
            readers.forEach(RawSocketIoWebSocket::close);
            threads.shutdownNow();
        }
    }

    /**
     * {@value #BROADCASTS} broadcasts of 8 KB from {@value #PUBLISHERS} threads, as fast as the readers take them: the
     * publishers stay within half the client queue of the slowest reader, so no reader comes near the bound while a
     * stalled client goes past it.
     */
    private static Set<String> burst(List<RawSocketIoWebSocket> readers, ExecutorService threads) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + TIMEOUT.toNanos() * 2;
        String body = "{\"type\":\"text\",\"content\":\"" + CONTENT + "\",\"sender\":\"slow-clients-it\"}";
        List<Future<?>> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            publishers.add(threads.submit(() -> {
                for (int i = next.getAndIncrement(); i < BROADCASTS; i = next.getAndIncrement()) {
                    while (i - readers.stream().mapToInt(RawSocketIoWebSocket::events).min().orElse(0)
                            > CLIENT_QUEUE / 2) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the readers stopped reading at " + readers.stream()
                                    .map(RawSocketIoWebSocket::events).toList() + " of " + i);
                        }
                        Thread.sleep(1);
                    }
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                    node.base().resolve("api/messages/broadcast"))
                            .header("Content-Type", "application/json").timeout(TIMEOUT)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 202) {
                        throw new AssertionError("broadcast answered " + answer.statusCode() + ": " + answer.body());
                    }
                    Matcher id = ID.matcher(answer.body());
                    assertTrue(id.find(), answer.body());
                    ids.add(id.group(1));
                }
                return null;
            }));
        }
        for (Future<?> publisher : publishers) {
            publisher.get();
        }
        assertEquals(BROADCASTS, ids.size());
        return ids;
    }

    private static void awaitSocketIoConnections(int expected) {
        SystemTestSupport.awaitValue(SocketIoSlowClientsIT::socketIoConnections, n -> n == expected, TIMEOUT,
                Duration.ofMillis(100), expected + " Socket.IO connections in /api/health");
    }

    private static int socketIoConnections() {
        Matcher count = Pattern.compile("\"socketio\":\\{[^}]*\"connections\":(\\d+)").matcher(get("api/health"));
        return count.find() ? Integer.parseInt(count.group(1)) : -1;
    }

    /** The slow_client drops of Socket.IO in {@code /api/metrics}; 0 while there has been none. */
    private static long dropped() {
        for (String line : get("api/metrics").split("\n")) {
            if (line.startsWith(DROPPED + " ")) {
                return (long) Double.parseDouble(line.substring(DROPPED.length() + 1).trim());
            }
        }
        return 0;
    }

    private static String get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(node.base().resolve(path)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The node's resident set, from /proc (Linux); -1 where there is none. */
    private static long rssKilobytes() throws IOException {
        Path status = Path.of("/proc", String.valueOf(node.process().pid()), "status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
