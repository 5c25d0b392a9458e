package io.switchboard.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.switchboard.delivery.Mailbox;
import io.switchboard.websocket.CloseReasons;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Socket.IO client's WebSocket on the app server's port, as the sink of its {@link BridgeChannel}: netty-socketio's
 * frames go through a bounded {@link Mailbox}, in order, to the container's session; a client that does not keep up
 * is dropped as on every other transport. Before the upgrade it watches netty-socketio's answer to the handshake: a
 * refusal (bad session, unknown transport) closes the session, with the refusal as the reason.
 */
final class BridgedWebSocket implements BridgeChannel.Sink {

    private sealed interface Outgoing permits Text, Binary, Close {
    }

    private record Text(String text) implements Outgoing {
    }

    private record Binary(byte[] bytes) implements Outgoing {
    }

    private record Close(CloseReason reason) implements Outgoing {
    }

    private static final ClassLoader SEND_CONTEXT = ClassLoader.getPlatformClassLoader();

    private final Session session;
    private final long writeTimeoutMillis;
    private final Mailbox<Outgoing> mailbox;
    // On the bridge's event loop only.
    private boolean upgraded;
    private int refusedStatus;
    private ByteArrayOutputStream refusal;
    private ByteArrayOutputStream fragments;
    private boolean fragmentsBinary;

    BridgedWebSocket(Session session, SocketIoSettings settings, Executor writers, Consumer<String> onDropped) {
        this.session = session;
        this.writeTimeoutMillis = settings.writeTimeoutMillis();
        this.mailbox = new Mailbox<>(settings.clientQueue(), writers, this::send, why -> {
            onDropped.accept(why);
            // Closing writes a close frame and may wait on the client: never on the bridge's event loop.
            try {
                writers.execute(() -> closeSession(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
                        CloseReasons.truncate(why))));
            } catch (RejectedExecutionException e) {
                closeSession(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server stopping"));
            }
        });
    }

    @Override
    public void write(Object message) {
        if (message instanceof WebSocketFrame frame) {
            frame(frame);
        } else if (!upgraded) {
            handshakeAnswer(message);
        }
    }

    @Override
    public void closed() {
        // After whatever is queued: netty-socketio's last packets (a disconnect) go out before the close.
        mailbox.offer(new Close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")));
    }

    private void frame(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        if (frame instanceof CloseWebSocketFrame close) {
            CloseReason.CloseCode code = close.statusCode() < 0 ? CloseReason.CloseCodes.NORMAL_CLOSURE
                    : CloseReason.CloseCodes.getCloseCode(close.statusCode());
            mailbox.offer(new Close(new CloseReason(code, CloseReasons.truncate(close.reasonText() == null ? "" : close.reasonText()))));
            return;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            if (frame.isFinalFragment()) {
                mailbox.offer(frame instanceof TextWebSocketFrame text ? new Text(text.text())
                        : new Binary(ByteBufUtil.getBytes(content)));
                return;
            }
            fragments = new ByteArrayOutputStream();
            fragmentsBinary = frame instanceof BinaryWebSocketFrame;
        }
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame) {
            if (fragments == null) {
                return; // a continuation of nothing: netty-socketio never writes one
            }
            fragments.writeBytes(ByteBufUtil.getBytes(content));
            if (frame.isFinalFragment()) {
                byte[] whole = fragments.toByteArray();
                fragments = null;
                // Netty splits a packet over the frame limit; the container sends it whole again.
                mailbox.offer(fragmentsBinary ? new Binary(whole) : new Text(new String(whole, StandardCharsets.UTF_8)));
            }
        }
    }

    private void handshakeAnswer(Object message) {
        if (message instanceof HttpResponse response) {
            if (HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
                upgraded = true;
                return;
            }
            refusedStatus = response.status().code();
            refusal = new ByteArrayOutputStream();
        }
        if (refusal != null && message instanceof HttpContent content) {
            ByteBuf bytes = content.content();
            refusal.writeBytes(ByteBufUtil.getBytes(bytes));
        }
        if (refusal != null && message instanceof LastHttpContent) {
            String body = refusal.toString(StandardCharsets.UTF_8);
            CloseReason.CloseCode code = refusedStatus == 401 || refusedStatus == 403
                    ? CloseReason.CloseCodes.VIOLATED_POLICY : CloseReason.CloseCodes.PROTOCOL_ERROR;
            mailbox.offer(new Close(new CloseReason(code, CloseReasons.truncate(refusedStatus + " " + body))));
            refusal = null;
        }
    }

    private void send(Outgoing item) throws Exception {
        if (item instanceof Close close) {
            closeSession(close.reason());
            return;
        }
        if (!session.isOpen()) {
            throw new IllegalStateException("session closed");
        }
        Thread thread = Thread.currentThread();
        ClassLoader application = thread.getContextClassLoader();
        // See WebSocketClient#sendText: Tyrus schedules an idle-timer task per send, and Payara captures the context
        // of each through the context class loader; with the platform one that lookup is cheap.
        thread.setContextClassLoader(SEND_CONTEXT);
        Future<Void> sent;
        try {
            sent = item instanceof Text text ? session.getAsyncRemote().sendText(text.text())
                    : session.getAsyncRemote().sendBinary(ByteBuffer.wrap(((Binary) item).bytes()));
        } finally {
            thread.setContextClassLoader(application);
        }
        sent.get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void closeSession(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            // The peer is gone already.
        }
    }
}
