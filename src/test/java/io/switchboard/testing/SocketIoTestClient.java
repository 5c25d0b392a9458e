package io.switchboard.testing;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.json.JSONObject;

/**
 * A Socket.IO client for tests (the official Java client, io.socket:socket.io-client), without reconnection, that
 * records every event it receives and waits for them with a bound.
 */
public final class SocketIoTestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final String PATH = "/ws/chat/";

    /** One event the server sent: its name and first argument. */
    public record Received(String name, Object payload) {

        public JSONObject json() {
            return (JSONObject) payload;
        }
    }

    private final Socket socket;
    private final List<Received> received = new ArrayList<>();
    private final List<Object> disconnects = new ArrayList<>();

    private SocketIoTestClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code http://127.0.0.1:port} at {@link #PATH} over the given transport ({@code websocket}, {@code polling}). */
    public static SocketIoTestClient connect(int port, String transport) {
        return connect(port, transport, null, null);
    }

    /**
     * Connects with a handshake {@code auth} payload and/or a query string ({@code token=...}); either may be null.
     * Fails (AssertionError) on connect_error.
     */
    public static SocketIoTestClient connect(int port, String transport, Map<String, String> auth, String query) {
        return connect(port, transport, auth, query, Map.of());
    }

    /** As {@link #connect(int, String, Map, String)}, with HTTP headers on every request of the handshake. */
    public static SocketIoTestClient connect(int port, String transport, Map<String, String> auth, String query,
                                             Map<String, String> headers) {
        IO.Options options = options(transport, auth, query);
        options.extraHeaders = new java.util.HashMap<>();
        headers.forEach((name, value) -> options.extraHeaders.put(name, List.of(value)));
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port), options);
        SocketIoTestClient client = new SocketIoTestClient(socket);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.onAnyIncoming(args -> client.record(args));
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new AssertionError("connect_error: " + (args.length > 0 ? args[0] : ""))));
        socket.on(Socket.EVENT_DISCONNECT, args -> client.disconnected(args.length > 0 ? args[0] : null));
        socket.connect();
        await(connected, "connect over " + transport);
        return client;
    }

    /**
     * Tries to connect and returns why the server refused: the connect_error's payload, or, for a connection it
     * accepted first and then dropped, the {@code error} event it sent before the disconnect. Fails if it stays.
     */
    public static Object refusal(int port, Map<String, String> auth, String query) {
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port), options("websocket", auth, query));
        SocketIoTestClient client = new SocketIoTestClient(socket);
        CompletableFuture<Object> refused = new CompletableFuture<>();
        socket.onAnyIncoming(args -> client.record(args));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> refused.complete(args.length > 0 ? args[0] : null));
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            synchronized (client.received) {
                refused.complete(client.received.stream().filter(event -> event.name().equals("error"))
                        .map(Received::payload).findFirst().orElse("disconnected without an error event"));
            }
        });
        socket.connect();
        try {
            return await(refused, "a refusal");
        } finally {
            socket.close();
        }
    }

    private static IO.Options options(String transport, Map<String, String> auth, String query) {
        IO.Options options = IO.Options.builder()
                .setPath(PATH)
                .setTransports(new String[] {transport})
                .setForceNew(true)
                .setReconnection(false)
                .setTimeout(TIMEOUT.toMillis())
                .setQuery(query)
                .build();
        if (auth != null) {
            options.auth = auth;
        }
        return options;
    }

    /** The Socket.IO session id, as the server knows it. */
    public String id() {
        return socket.id();
    }

    public boolean connected() {
        return socket.connected();
    }

    public void emit(String event, Object payload) {
        socket.emit(event, payload);
    }

    /** Emits with an ack callback and returns the first argument of the ack. */
    public Object emitWithAck(String event, Object payload) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        socket.emit(event, new Object[] {payload}, (Ack) args -> reply.complete(args.length > 0 ? args[0] : null));
        return await(reply, "the ack of " + event);
    }

    public JSONObject request(String event, Object payload) {
        return (JSONObject) emitWithAck(event, payload);
    }

    /** Waits for an event named {@code name} whose payload matches; fails after {@link #TIMEOUT}. */
    public Received await(String name, Predicate<Object> matches) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (received) {
            while (true) {
                for (Received event : received) {
                    if (event.name().equals(name) && matches.test(event.payload())) {
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no '" + name + "' event matched within " + TIMEOUT + "; got " + received);
                }
                try {
                    received.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /**
     * Waits until at least {@code count} events named {@code name} match, then returns every match so far in arrival
     * order (more than {@code count} when copies came); fails after {@code timeout}, naming {@code what}.
     */
    public List<Received> awaitCount(String name, Predicate<Object> matches, int count, Duration timeout,
                                     String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Received> found = matching(name, matches);
                if (found.size() >= count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(what + ": only " + found.size() + " of " + count + " '" + name
                            + "' events matched within " + timeout);
                }
                try {
                    received.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The events named {@code name} received so far whose payload matches, in arrival order. */
    public List<Received> matching(String name, Predicate<Object> matches) {
        synchronized (received) {
            return received.stream().filter(event -> event.name().equals(name) && matches.test(event.payload()))
                    .toList();
        }
    }

    /** Whether an event named {@code name} matching has arrived so far. */
    public boolean hasReceived(String name, Predicate<Object> matches) {
        synchronized (received) {
            return received.stream().anyMatch(event -> event.name().equals(name) && matches.test(event.payload()));
        }
    }

    public List<Object> disconnects() {
        synchronized (disconnects) {
            return List.copyOf(disconnects);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A predicate on a JSON object payload's string field. */
    public static Predicate<Object> field(String key, String value) {
        return payload -> payload instanceof JSONObject json && value.equals(json.optString(key, null));
    }

    private void record(Object[] args) {
        synchronized (received) {
            received.add(new Received(String.valueOf(args[0]), args.length > 1 ? args[1] : null));
            received.notifyAll();
        }
    }

    private void disconnected(Object reason) {
        synchronized (disconnects) {
            disconnects.add(reason);
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError failure ? failure : new AssertionError(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
