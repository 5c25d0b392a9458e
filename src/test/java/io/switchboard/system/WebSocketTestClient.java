package io.switchboard.system;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

/**
 * A real Jakarta WebSocket client (Tyrus) on {@code /ws/messages}: every text frame it receives is parsed and kept, in
 * arrival order, with bounded waits on them; how the server closed the connection is kept too.
 */
final class WebSocketTestClient extends Endpoint implements AutoCloseable {

    /** Large enough for the biggest frames the tests send or receive. */
    private static final int CLIENT_BUFFER = 8 * 1024 * 1024;

    private static final WebSocketContainer CONTAINER = newContainer();

    /**
     * Tyrus sends an {@code Origin} header of its own; a test client is no browser, so it sends none, as other
     * non-browser clients do (a server with a WebSocket origin allowlist would refuse Tyrus's made-up origin).
     */
    private static final ClientEndpointConfig.Configurator NO_ORIGIN = new ClientEndpointConfig.Configurator() {
        @Override
        public void beforeRequest(Map<String, List<String>> headers) {
            headers.keySet().removeIf(name -> name.equalsIgnoreCase("Origin"));
        }
    };

    private final List<JsonObject> frames = new ArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final String name;
    private final CountDownLatch gate;
    private Session session;

    private WebSocketTestClient(String name, CountDownLatch gate) {
        this.name = name;
        this.gate = gate;
    }

    private static WebSocketContainer newContainer() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(CLIENT_BUFFER);
        container.setDefaultMaxBinaryMessageBufferSize(CLIENT_BUFFER);
        container.setAsyncSendTimeout(SystemTestSupport.DELIVERY_TIMEOUT.toMillis());
        return container;
    }

    /** The endpoint's URI on loopback: the application's base with the {@code ws} scheme. */
    static URI endpoint(URI httpBase) {
        return URI.create("ws" + httpBase.toString().substring("http".length())).resolve("ws/messages");
    }

    /** Connects and returns once the server's welcome frame says the connection receives events. */
    static WebSocketTestClient connect(URI endpoint, String name) {
        WebSocketTestClient client = connect(CONTAINER, endpoint, name, new CountDownLatch(0));
        client.await(WebSocketTestClient::isWelcome, "the welcome frame");
        return client;
    }

    /** Connects without waiting for the welcome: for connections the server is expected to refuse. */
    static WebSocketTestClient connectUnwelcomed(URI endpoint, String name) {
        return connect(CONTAINER, endpoint, name, new CountDownLatch(0));
    }

    /**
     * Connects a client that stops reading: its handler blocks on the first frame until {@code gate} opens, so the
     * server's writes to it back up. It has a container of its own, so that no other client shares its stalled threads.
     */
    static WebSocketTestClient connectStalled(URI endpoint, String name, CountDownLatch gate) {
        return connect(newContainer(), endpoint, name, gate);
    }

    private static WebSocketTestClient connect(WebSocketContainer container, URI endpoint, String name,
                                               CountDownLatch gate) {
        WebSocketTestClient client = new WebSocketTestClient(name, gate);
        try {
            container.connectToServer(client, ClientEndpointConfig.Builder.create().configurator(NO_ORIGIN).build(),
                    endpoint);
        } catch (DeploymentException | IOException e) {
            throw new AssertionError("cannot connect to " + endpoint, e);
        }
        return client;
    }

    @Override
    public void onOpen(Session opened, EndpointConfig config) {
        this.session = opened;
        opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::received);
    }

    @Override
    public void onClose(Session ended, CloseReason reason) {
        closed.complete(reason);
    }

    private void received(String text) {
        try {
            // Bounded, so a test that forgets to open the gate cannot hang the run.
            gate.await(SystemTestSupport.BULK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        record(JsonSupport.parseObject(text));
    }

    private synchronized void record(JsonObject frame) {
        frames.add(frame);
        notifyAll();
    }

    // ---------------------------------------------------------------- sending

    void send(JsonObject frame) {
        sendText(frame.toString());
    }

    void sendText(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new AssertionError(name + ": cannot send", e);
        }
    }

    /**
     * Sends {@code text} in fragments of {@code fragmentChars}; returns false when the server closed the connection
     * before all of it was sent (as it may when refusing it).
     */
    boolean sendFragmented(String text, int fragmentChars) {
        try {
            for (int start = 0; start < text.length(); start += fragmentChars) {
                int end = Math.min(text.length(), start + fragmentChars);
                session.getBasicRemote().sendText(text.substring(start, end), end == text.length());
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    void sendBinary(byte[] data) {
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw new AssertionError(name + ": cannot send", e);
        }
    }

    /** Sends {@code frame} and waits for the ack carrying its {@code ref}. */
    JsonObject request(JsonObject frame) {
        send(frame);
        String ref = frame.getString("ref");
        return await(f -> isAck(f) && ref.equals(refOf(f)), "the ack of ref " + ref);
    }

    // ---------------------------------------------------------------- receiving

    static boolean isWelcome(JsonObject frame) {
        return "welcome".equals(frame.getString("kind", null));
    }

    static boolean isAck(JsonObject frame) {
        return "ack".equals(frame.getString("kind", null));
    }

    static boolean isEvent(JsonObject frame) {
        return "event".equals(frame.getString("kind", null));
    }

    static String refOf(JsonObject frame) {
        return frame.containsKey("ref") ? frame.get("ref").toString().replace("\"", "") : null;
    }

    /** An event frame whose data has {@code field} = {@code value} (e.g. a message's content). */
    static Predicate<JsonObject> eventWithData(String field, String value) {
        return frame -> isEvent(frame) && frame.get("data") instanceof JsonObject data
                && value.equals(data.getString(field, null));
    }

    JsonObject await(Predicate<JsonObject> match, String what) {
        return awaitCount(match, 1, SystemTestSupport.DELIVERY_TIMEOUT, what).get(0);
    }

    synchronized List<JsonObject> awaitCount(Predicate<JsonObject> match, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonObject> found = frames.stream().filter(match).collect(Collectors.toList());
            long remaining = deadline - System.nanoTime();
            if (found.size() >= count) {
                return found;
            }
            if (remaining <= 0) {
                throw new AssertionError(name + ": timed out after " + timeout.toMillis() + " ms waiting for " + count
                        + " x " + what + "; got " + found.size() + " of " + frames.size() + " frames; last: "
                        + frames.subList(Math.max(0, frames.size() - 5), frames.size()).stream()
                                .map(f -> SystemTestSupport.abbreviate(f.toString(), 300)).toList());
            }
            try {
                wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted", e);
            }
        }
    }

    synchronized List<JsonObject> matching(Predicate<JsonObject> match) {
        return frames.stream().filter(match).collect(Collectors.toList());
    }

    boolean isOpen() {
        return session.isOpen() && !closed.isDone();
    }

    /** Waits for the server to close the connection and returns its close reason. */
    CloseReason awaitClosed(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": still open after " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException | InterruptedException e) {
            throw new AssertionError(name + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } catch (IOException e) {
            // Already gone.
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
