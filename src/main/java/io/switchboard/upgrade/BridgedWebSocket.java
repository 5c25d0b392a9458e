package io.switchboard.upgrade;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.websocket.CloseReasons;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One WebSocket on the app server's port (a Socket.IO client's, or a {@code /ws/messages} connection's), as the sink
 * of its {@link BridgeChannel}. For Socket.IO, until the upgrade it collects netty-socketio's answer to the upgrade
 * request ({@link #handshake()}), which the servlet turns into the container's own answer. After the upgrade, the
 * container's upgraded connection carries raw bytes both ways: Netty's frame codecs in the channel's pipeline do the
 * WebSocket framing, as on the direct port, and the bytes are written
 * without blocking ({@link UpgradedOutput}: Grizzly's transport writer on Payara's plain HTTP, the servlet stream
 * elsewhere) straight from the engine's event loop, with no thread hop and no copy per frame beyond one per batch. A
 * client that does not keep up (more than about {@code client-queue} frames waiting, or no progress for {@code
 * write-timeout}) is dropped as on every other transport.
 * <p>
 * Everything that touches the queue or the container's output runs on the channel's event loop; the container's
 * callbacks only hand over to it. The container calls them holding locks of its own (Grizzly's suspended-context
 * monitor), so a lock of ours taken there, while the loop held it and closed the connection, deadlocked the loop.
 */
public final class BridgedWebSocket implements BridgeChannel.Sink {

    /** netty-socketio's answer to the upgrade request: a 101 with its headers, or a refusal. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    private static final Logger LOG = Logger.getLogger(BridgedWebSocket.class.getName());
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int READ_CHUNK = 16 * 1024;
    /**
     * A packet that comes this long after the client's last write goes out at once; one that follows sooner waits for
     * the drain at the end of the loop's queued tasks, with whatever else piles up for the client by then.
     */
    private static final long BURST_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String label;
    private final int slowCloseCode;
    private final int clientQueue;
    private final int queueLimit;
    private final long writeTimeoutMillis;
    private final Consumer<String> onDropped;
    private final UpgradedOutputCounts outputs;
    private final CompletableFuture<Answer> handshake = new CompletableFuture<>();
    private volatile BridgeChannel channel;

    // On the bridge's event loop only, until the handshake is answered.
    private HttpResponse head;
    private ByteArrayOutputStream body;

    // On the channel's event loop only: the queue, and every call on the container's output.
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private WebConnection connection;
    private UpgradedOutput out;
    private long stalledSince;
    private long lastWriteNanos = System.nanoTime() - BURST_WINDOW_NANOS;
    private boolean closing;
    private boolean drainScheduled;
    private boolean finished;

    /**
     * @param label         who the client is, in log lines ("a Socket.IO client on the app server's port")
     * @param slowCloseCode the close code a client that does not keep up is sent
     * @param clientQueue   frames that may wait for the client
     * @param buffersPerFrame buffers a frame is counted as: 2 where Netty's encoder writes every frame (header and
     *                        payload apart for large ones), 1 where most frames come framed already
     */
    public BridgedWebSocket(String label, int slowCloseCode, int clientQueue, int buffersPerFrame,
            long writeTimeoutMillis, Consumer<String> onDropped, UpgradedOutputCounts outputs) {
        this.label = label;
        this.slowCloseCode = slowCloseCode;
        this.clientQueue = clientQueue;
        this.queueLimit = buffersPerFrame * clientQueue;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.onDropped = onDropped;
        this.outputs = outputs;
    }

    public void channel(BridgeChannel channel) {
        this.channel = channel;
    }

    /** Completes with netty-socketio's answer to the upgrade request, or with {@code null} if it closed unanswered. */
    public CompletableFuture<Answer> handshake() {
        return handshake;
    }

    @Override
    public void write(Object message) {
        if (message instanceof ByteBuf bytes) {
            enqueue(bytes.retain());
        } else if (!handshake.isDone()) {
            handshakeAnswer(message);
        }
    }

    @Override
    public void closed() {
        handshake.complete(null);
        closing = true;
        drain();
        // A client that stopped reading must not keep its connection for ever once netty is done with it.
        BridgeChannel open = channel;
        if (open != null) {
            try {
                open.eventLoop().schedule(this::finish, writeTimeoutMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                finish();
            }
        }
    }

    /** The container has upgraded the connection: from now on its streams carry the WebSocket's bytes. */
    public void attach(WebConnection upgraded) throws IOException {
        Runnable writable = () -> onLoop(this::drain, () -> {
        });
        Consumer<Throwable> failed = error -> {
            LOG.fine(() -> label + ": write failed: " + error);
            containerClosed();
        };
        Optional<UpgradedOutput> direct = GrizzlyUpgradedOutput.open(upgraded, writable, failed);
        UpgradedOutput output = direct.isPresent() ? direct.get()
                : new ServletUpgradedOutput(upgraded.getOutputStream(), writable, failed);
        ServletInputStream in = upgraded.getInputStream();
        in.setReadListener(new Reader(in));
        onLoop(() -> {
            connection = upgraded;
            if (finished) {
                closeQuietly(upgraded);
                return;
            }
            out = output;
            outputs.opened(output);
            drain();
        }, () -> closeQuietly(upgraded));
    }

    /** The upgrade did not happen (refused, or the servlet gave up waiting): nothing more goes anywhere. */
    public void abandon() {
        containerClosed();
    }

    /** The container closed the upgraded connection, or gave up on it. */
    public void containerClosed() {
        // With no loop left (the engine has stopped) nothing else touches this socket any more.
        onLoop(this::finish, this::finish);
        closeChannel();
    }

    private void handshakeAnswer(Object message) {
        if (message instanceof HttpResponse response) {
            head = response;
            body = new ByteArrayOutputStream();
        }
        if (body != null && message instanceof HttpContent content) {
            body.writeBytes(ByteBufUtil.getBytes(content.content()));
        }
        if (head != null && message instanceof LastHttpContent) {
            handshake.complete(new Answer(head.status().code(), new DefaultHttpHeaders().add(head.headers()),
                    body.toByteArray()));
        }
    }

    private void enqueue(ByteBuf bytes) {
        if (finished) {
            bytes.release();
            return;
        }
        queue.add(bytes);
        if (queue.size() > queueLimit) {
            drop("queue full (" + clientQueue + " frames) for " + label);
        } else if (isStalledTooLong()) {
            dropStalled();
        } else if (!drainScheduled && out != null && stalledSince == 0) {
            if (queue.size() == 1 && System.nanoTime() - lastWriteNanos > BURST_WINDOW_NANOS) {
                // A lone packet (a fan-out, a reply): written now. Behind the loop's queued tasks it would wait for
                // the packets of every other client on this loop to be encoded first, which is most of a fan-out's
                // median latency.
                drain();
            } else {
                // In a burst: one drain after the loop's queued tasks, not one per buffer. The writes of the next
                // packets for this client are often queued behind this one, and go out in the same batch and flush.
                drainScheduled = true;
                onLoop(this::scheduledDrain, this::finish);
            }
        }
    }

    private void drop(String why) {
        LOG.fine(() -> label + " dropped: " + why);
        onDropped.accept(why);
        releaseQueue();
        if (out != null && !finished) {
            try {
                if (out.isReady()) {
                    out.write(closeFrame(slowCloseCode, "too slow"));
                }
            } catch (IOException | RuntimeException e) {
                // Gone already.
            }
        }
        finish();
        closeChannel();
    }

    private boolean isStalledTooLong() {
        return stalledSince != 0 && System.nanoTime() - stalledSince > writeTimeoutMillis * 1_000_000;
    }

    private void dropStalled() {
        drop("write failed: " + TimeoutException.class.getName() + ": no progress in " + writeTimeoutMillis + " ms");
    }

    /**
     * Looks again once the write timeout has passed: a client that stopped reading is dropped then even if nothing
     * more is sent to it (a quiet WebSocket has no heartbeat of its own to notice it by).
     */
    private void scheduleStallCheck() {
        BridgeChannel open = channel;
        if (open == null) {
            return;
        }
        try {
            open.eventLoop().schedule(() -> {
                if (finished || stalledSince == 0) {
                    return;
                }
                if (isStalledTooLong()) {
                    dropStalled();
                } else {
                    scheduleStallCheck(); // a later stall than the one this check was for
                }
            }, writeTimeoutMillis + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The loops have stopped, and with them this connection.
        }
    }

    private void scheduledDrain() {
        drainScheduled = false;
        drain();
    }

    /** Writes what is queued while the container takes it; the writer listener resumes when it can take more. */
    private void drain() {
        if (out == null || finished) {
            return;
        }
        try {
            while (!queue.isEmpty()) {
                if (!out.isReady()) {
                    if (stalledSince == 0) {
                        stalledSince = System.nanoTime();
                        scheduleStallCheck();
                    }
                    return;
                }
                out.write(takeBatch());
                lastWriteNanos = System.nanoTime();
            }
            stalledSince = 0;
            if (closing && out.isReady()) {
                finish();
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> label + " gone: " + e);
            finish();
            closeChannel();
        }
    }

    /** Up to {@link #BATCH_BYTES} of what is queued (at least one buffer), in a fresh array the container may keep. */
    private byte[] takeBatch() {
        int size = 0;
        int count = 0;
        for (ByteBuf next : queue) {
            int length = next.readableBytes();
            if (count > 0 && size + length > BATCH_BYTES) {
                break;
            }
            size += length;
            count++;
        }
        byte[] batch = new byte[size];
        int at = 0;
        for (int i = 0; i < count; i++) {
            ByteBuf next = queue.poll();
            int length = next.readableBytes();
            next.readBytes(batch, at, length);
            at += length;
            next.release();
        }
        return batch;
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        releaseQueue();
        if (out != null) {
            outputs.closed(out);
        }
        if (connection != null) {
            closeQuietly(connection);
        }
    }

    private void releaseQueue() {
        ByteBuf next;
        while ((next = queue.poll()) != null) {
            ReferenceCountUtil.release(next);
        }
    }

    /** Runs {@code task} on the channel's event loop; {@code stopped} when there is none (the engine has stopped). */
    private void onLoop(Runnable task, Runnable stopped) {
        BridgeChannel open = channel;
        try {
            if (open == null) {
                throw new RejectedExecutionException("no channel");
            }
            open.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            stopped.run();
        }
    }

    private void closeChannel() {
        BridgeChannel open = channel;
        if (open != null) {
            open.closeLater();
        }
    }

    private static void closeQuietly(WebConnection upgraded) {
        try {
            upgraded.close();
        } catch (Exception e) {
            // Closed already.
        }
    }

    /** An unmasked close frame, as a server sends it (RFC 6455 5.5.1); the reason fits in one short frame. */
    public static byte[] closeFrame(int code, String reason) {
        byte[] text = CloseReasons.truncate(reason).getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + text.length];
        frame[0] = (byte) 0x88;
        frame[1] = (byte) (2 + text.length);
        frame[2] = (byte) (code >> 8);
        frame[3] = (byte) code;
        System.arraycopy(text, 0, frame, 4, text.length);
        return frame;
    }

    private final class Reader implements ReadListener {
        private final ServletInputStream in;

        Reader(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            BridgeChannel open = channel;
            // Per call, not per connection: most connections are idle, and 16 KB each would be most of their heap.
            byte[] chunk = new byte[READ_CHUNK];
            while (in.isReady()) {
                int read = in.read(chunk);
                if (read < 0) {
                    return;
                }
                if (read > 0 && open != null) {
                    open.receive(Unpooled.copiedBuffer(chunk, 0, read));
                }
            }
        }

        @Override
        public void onAllDataRead() {
            containerClosed();
        }

        @Override
        public void onError(Throwable error) {
            LOG.fine(() -> label + ": read failed: " + error);
            containerClosed();
        }
    }
}
