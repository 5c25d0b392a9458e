package io.switchboard.sse;

import io.switchboard.rest.CorsHeaders;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * An SSE stream written straight to the request's servlet stream in non-blocking mode ({@code AsyncContext} and
 * {@code WriteListener}, so the same on every Jakarta EE server), not through JAX-RS's {@code SseEventSink}: that
 * sink writes, prefixes and flushes every event for every client on its own, where here each event is rendered once
 * ({@link EventFrame}) and each client's queued frames go out in one write per batch ({@link SseOutbox}).
 * The JAX-RS resource still answers the request (validation, authentication, errors); it leaves the response to
 * this stream once the client is admitted.
 */
final class ServletEventStream implements EventOutput {

    static final String CONTENT_TYPE = "text/event-stream";

    private final AsyncContext async;
    private final ServletOutputStream out;

    private ServletEventStream(AsyncContext async, ServletOutputStream out) {
        this.async = async;
        this.out = out;
    }

    /**
     * Starts the answer (200, {@code text/event-stream}, the CORS headers) and hands the stream to {@code outbox}.
     * The request must be asynchronous already (a suspended JAX-RS response) or allow it.
     */
    static ServletEventStream open(HttpServletRequest request, Map<String, String> cors, SseOutbox outbox)
            throws IOException {
        AsyncContext async = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
        async.setTimeout(0); // a stream lives as long as its client; heartbeats find dead peers
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.addHeader(CorsHeaders.VARY, CorsHeaders.VARY_VALUE);
        cors.forEach(response::setHeader);
        ServletOutputStream out = response.getOutputStream();
        ServletEventStream stream = new ServletEventStream(async, out);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                outbox.close("stream ended");
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                outbox.close("stream timed out");
            }

            @Override
            public void onError(AsyncEvent event) {
                outbox.close("write failed: " + event.getThrowable());
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // Not restarted: one stream per request.
            }
        });
        // The listener first: from then on isReady() answers for non-blocking writes, which the outbox's drain relies on.
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                outbox.writable();
            }

            @Override
            public void onError(Throwable error) {
                outbox.close("write failed: " + error);
            }
        });
        outbox.attach(stream);
        return stream;
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // Completed already: the container ended it (the peer went away).
        }
    }
}
