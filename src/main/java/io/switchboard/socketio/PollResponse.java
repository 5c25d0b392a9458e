package io.switchboard.socketio;

import io.switchboard.upgrade.BridgeChannel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The answer to one polling request on the app server's port: collects the response netty-socketio writes on the
 * request's {@link BridgeChannel} and, once it is complete, has the container write it to the client. The writing
 * runs on a container thread, never on the bridge's event loop, so a slow client holds up only itself.
 */
final class PollResponse implements BridgeChannel.Sink {

    private static final Logger LOG = Logger.getLogger(PollResponse.class.getName());

    /** What the app server decides for its own connection; netty-socketio's values are for its own socket. */
    private static final Set<String> CONNECTION_HEADERS = Set.of(HttpHeaderNames.CONNECTION.toString(),
            HttpHeaderNames.CONTENT_LENGTH.toString(), HttpHeaderNames.TRANSFER_ENCODING.toString(),
            HttpHeaderNames.KEEP_ALIVE.toString());

    private static final byte[] CLOSED_UNANSWERED = EngineIoRules.BAD_REQUEST.toJson()
            .getBytes(StandardCharsets.UTF_8);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status;
    private Iterable<Map.Entry<String, String>> headers;
    private volatile BridgeChannel channel;

    PollResponse(AsyncContext async, HttpServletResponse response) {
        this.async = async;
        this.response = response;
    }

    void channel(BridgeChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(Object message) {
        if (answered.get()) {
            return;
        }
        if (message instanceof HttpResponse head) {
            status = head.status().code();
            headers = head.headers();
        }
        if (message instanceof HttpContent content) {
            ByteBuf bytes = content.content();
            body.writeBytes(ByteBufUtil.getBytes(bytes));
        }
        if (message instanceof LastHttpContent && status != 0) {
            answer(status, headers, body.toByteArray());
        }
    }

    @Override
    public void closed() {
        // netty-socketio closes without an answer only what it will not serve; the direct port's client sees the
        // connection drop, a client here gets Engine.IO's "bad request".
        answer(HttpServletResponse.SC_BAD_REQUEST,
                Map.of(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json").entrySet(), CLOSED_UNANSWERED);
    }

    /** The client went away, or the container gave up on the request: netty-socketio's side is closed too. */
    void abandon() {
        answered.set(true);
        BridgeChannel open = channel;
        if (open != null) {
            open.closeLater();
        }
    }

    private void answer(int code, Iterable<Map.Entry<String, String>> head, byte[] content) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        BridgeChannel open = channel;
        if (open != null && open.isOpen()) {
            open.closeLater();
        }
        async.start(() -> {
            try {
                response.setStatus(code);
                for (Map.Entry<String, String> header : head) {
                    if (!CONNECTION_HEADERS.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                        response.addHeader(header.getKey(), header.getValue());
                    }
                }
                response.setContentLength(content.length);
                response.getOutputStream().write(content);
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "Socket.IO poll answer not written, the client has gone: " + e);
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // Completed by the container already (the client went away).
                }
            }
        });
    }
}
