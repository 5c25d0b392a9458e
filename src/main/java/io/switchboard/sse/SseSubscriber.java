package io.switchboard.sse;

import io.switchboard.delivery.Mailbox;
import io.switchboard.message.HubEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/** One connected SSE client: its sink, what it follows, how it wants events framed, and its own queue. */
final class SseSubscriber {

    private final String id = "sse-" + UUID.randomUUID();
    private final SseEventSink sink;
    private final Sse sse;
    private final SseFormat format;
    private final String channel;
    private final long writeTimeoutMillis;
    private final Mailbox<SseFrame> mailbox;

    SseSubscriber(SseEventSink sink, Sse sse, SseFormat format, String channel, SseSettings settings,
                  Executor writers, BiConsumer<SseSubscriber, String> onClose) {
        this.sink = sink;
        this.sse = sse;
        this.format = format;
        this.channel = channel;
        this.writeTimeoutMillis = settings.writeTimeoutMillis();
        this.mailbox = new Mailbox<>(settings.clientQueue(), writers, this::write, reason -> onClose.accept(this, reason));
    }

    String id() {
        return id;
    }

    /** The rooms it follows, as the connection registry shows them: its channel, or none when it follows all. */
    Set<String> rooms() {
        return channel == null ? Set.of() : Set.of(channel);
    }

    boolean follows(HubEvent event) {
        return event.reaches(channel);
    }

    Mailbox<SseFrame> mailbox() {
        return mailbox;
    }

    String describe() {
        return format + (channel == null ? " (all channels)" : " channel " + channel);
    }

    void closeSink() {
        try {
            sink.close();
        } catch (RuntimeException e) {
            // The peer is gone already; nothing else to release.
        }
    }

    private void write(SseFrame frame) throws Exception {
        if (sink.isClosed()) {
            throw new IllegalStateException("sink closed");
        }
        sink.send(frame.render(format, sse)).toCompletableFuture().get(writeTimeoutMillis, TimeUnit.MILLISECONDS);
    }
}
