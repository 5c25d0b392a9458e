package io.switchboard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/** A bare WebSocket (the JDK's client) that answers pings and records every other text frame: Engine.IO by hand. */
public final class RawWebSocket implements AutoCloseable, WebSocket.Listener {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> frames = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final HttpClient http;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final boolean answerPings;
    private WebSocket socket;

    private RawWebSocket() {
        this(true);
    }

    private RawWebSocket(boolean answerPings) {
        this(answerPings, HttpClient.newHttpClient());
    }

    private RawWebSocket(boolean answerPings, HttpClient http) {
        this.answerPings = answerPings;
        this.http = http;
    }

    /**
     * A socket that records every text frame, pings ({@code 2}) included, and answers none: what the server sends,
     * in order, for tests of the heartbeat.
     */
    public static RawWebSocket openRecordingAll(int port, String path) throws Exception {
        RawWebSocket raw = new RawWebSocket(false);
        raw.socket = raw.http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), raw).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return raw;
    }

    public static RawWebSocket open(int port, String path) throws Exception {
        return open(port, path, Map.of());
    }

    public static RawWebSocket open(int port, String path, Map<String, String> headers) throws Exception {
        RawWebSocket raw = new RawWebSocket();
        WebSocket.Builder builder = raw.http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        raw.socket = builder
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), raw).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return raw;
    }

    /** A socket to {@code uri} ({@code ws:} or {@code wss:}), trusting what {@code tls} trusts. */
    public static RawWebSocket open(URI uri, SSLContext tls) throws Exception {
        RawWebSocket raw = new RawWebSocket(true, HttpClient.newBuilder().sslContext(tls).build());
        raw.socket = raw.http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(uri, raw)
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return raw;
    }

    /** The HTTP status the server answers a WebSocket request with, when it refuses the upgrade. */
    public static int refusedStatus(int port, String path) throws Exception {
        return refusedStatus(port, path, Map.of());
    }

    /** As {@link #refusedStatus(int, String)}, sending these extra headers (such as {@code Origin}). */
    public static int refusedStatus(int port, String path, Map<String, String> headers) throws Exception {
        try (RawWebSocket raw = new RawWebSocket()) {
            WebSocket.Builder builder = raw.http.newWebSocketBuilder().connectTimeout(TIMEOUT);
            headers.forEach(builder::header);
            raw.socket = builder
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), raw)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the WebSocket upgrade was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One binary message. */
    public void sendBinary(byte[] bytes) throws Exception {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first text frame, received so far or within 5 s, that matches. */
    public String await(Predicate<String> matches) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (frames) {
            while (true) {
                for (String frame : frames) {
                    if (matches.test(frame)) {
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within " + TIMEOUT + "; got " + frames);
                }
                frames.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /** How many frames were recorded so far. */
    public int received() {
        synchronized (frames) {
            return frames.size();
        }
    }

    /** The frame recorded at that index (0 is the first), waiting for it up to {@code timeout}; null if none came. */
    public String frame(int index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (frames.size() <= index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                frames.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
            return frames.get(index);
        }
    }

    /** Whether the server closed the WebSocket (a close frame, or the connection dropped) within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.countDown();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.countDown();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (frames) {
            partial.append(data);
            if (last && answerPings && partial.toString().equals("2")) {
                // Engine.IO ping: answer it, or the server closes the session after its ping timeout.
                partial.setLength(0);
                webSocket.sendText("3", true);
            } else if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
                frames.notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }

    }
}
