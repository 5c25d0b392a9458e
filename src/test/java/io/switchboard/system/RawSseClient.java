package io.switchboard.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A plain {@link HttpClient} reading a {@code text/event-stream} line by line on its own thread, so tests control
 * every request header (e.g. {@code Last-Event-ID}) and see every frame, comments included.
 */
final class RawSseClient implements SseClient {

    private final HttpResponse<InputStream> response;
    private final FrameLog frames;
    private final Thread reader;
    private volatile boolean closing;
    private volatile IOException failure;

    private RawSseClient(URI uri, HttpResponse<InputStream> response) {
        this.response = response;
        this.frames = new FrameLog("raw SSE " + uri);
        this.reader = new Thread(this::readFrames, "raw-sse-" + uri.getPath());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Sends {@code GET uri} with {@code Accept: text/event-stream} and the given headers; returns once the response
     * headers arrived, whatever the status (check {@link #status()}).
     */
    static RawSseClient open(HttpClient http, URI uri, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<InputStream>> pending =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            return new RawSseClient(uri, pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new AssertionError("No response headers from " + uri + " within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new AssertionError("Request to " + uri + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private void readFrames() {
        SseParser parser = new SseParser(frames::add);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                parser.line(line);
            }
        } catch (IOException e) {
            if (!closing) {
                failure = e;
            }
        }
    }

    /** Asserts HTTP 200 with a {@code text/event-stream} Content-Type; returns this client. */
    RawSseClient expectEventStream() {
        String type = contentType();
        if (status() != 200 || type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            throw new AssertionError(frames + ": expected HTTP 200 text/event-stream, got HTTP " + status() + " " + type);
        }
        return this;
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    /** Waits up to {@code timeout} for the server to end the stream; whether it did. */
    boolean awaitEnd(Duration timeout) {
        try {
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !reader.isAlive();
    }

    /** The read error, if the stream failed before {@link #close()}. */
    IOException failure() {
        return failure;
    }

    @Override
    public FrameLog frames() {
        return frames;
    }

    @Override
    public void close() {
        closing = true;
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
