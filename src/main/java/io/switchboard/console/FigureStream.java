package io.switchboard.console;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.Disconnectable;
import io.switchboard.delivery.Mailbox;
import io.switchboard.delivery.WriterPool;
import io.switchboard.lifecycle.GoingAway;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The followers of {@code /api/metrics/stream}: each gets the recent frames on connecting (so a console opened now
 * charts the last minutes at once), then every new frame. Writes go through a {@link Mailbox} per follower, as on the
 * hub's own SSE streams, so a stalled browser never holds up the sampler; one that falls a minute behind is dropped.
 * Followers count against the per-address connection cap (transport {@code console} in {@code /api/connections}).
 */
@ApplicationScoped
public class FigureStream implements Disconnectable, GoingAway {

    private static final Logger LOG = Logger.getLogger(FigureStream.class.getName());
    static final String TRANSPORT = "console";
    static final String EVENT = "figures";
    private static final int QUEUE = 60;
    private static final int WRITERS = 2;
    private static final long WRITE_TIMEOUT_MILLIS = 10_000;

    @Inject
    ConnectionRegistry registry;

    @Inject
    FigureSettings settings;

    @Resource
    ManagedThreadFactory threadFactory;

    private final Set<Follower> followers = ConcurrentHashMap.newKeySet();
    // Guards recent, and orders a new follower's replay before the frames that come after it.
    private final Object order = new Object();
    private final Deque<String> recent = new ArrayDeque<>();
    private WriterPool writers;

    @PostConstruct
    void init() {
        writers = new WriterPool(WRITERS, threadFactory);
    }

    @PreDestroy
    void stop() {
        goingAway();
        writers.stop(Duration.ofSeconds(1));
    }

    /** Ends every follower's stream; a browser's EventSource reconnects, to another node behind a balancer. */
    @Override
    public void goingAway() {
        List.copyOf(followers).forEach(follower -> follower.mailbox.close("server shutting down"));
    }

    @Override
    public boolean disconnect(String connectionId) {
        for (Follower follower : followers) {
            if (follower.id.equals(connectionId)) {
                follower.mailbox.close("disconnected by an operator");
                return true;
            }
        }
        return false;
    }

    /**
     * @throws io.switchboard.message.InvalidInputException 429 {@code too_many_connections} when the address holds
     *         its cap of connections already
     */
    public void follow(SseEventSink sink, Sse sse, String remoteAddress) {
        String id = "figures-" + UUID.randomUUID();
        if (!registry.tryRegister(id, TRANSPORT, remoteAddress, Set.of())) {
            throw registry.refusal();
        }
        Follower follower = new Follower(id, sink, sse);
        synchronized (order) {
            follower.mailbox.preload(List.copyOf(recent));
            followers.add(follower);
        }
    }

    /** A new frame, as JSON text, for every follower now and for the replay of those who come later. */
    void publish(String frame) {
        synchronized (order) {
            recent.addLast(frame);
            while (recent.size() > settings.recentFrames()) {
                recent.removeFirst();
            }
            followers.forEach(follower -> follower.mailbox.offer(frame));
        }
    }

    int followers() {
        return followers.size();
    }

    private void drop(Follower follower, String reason) {
        registry.unregister(follower.id);
        if (followers.remove(follower)) {
            LOG.fine(() -> "figures stream follower " + follower.id + " dropped: " + reason);
        }
        writers.executeOrRunHere(follower::closeSink);
    }

    private final class Follower {
        final String id;
        final SseEventSink sink;
        final Sse sse;
        final Mailbox<String> mailbox;

        Follower(String id, SseEventSink sink, Sse sse) {
            this.id = id;
            this.sink = sink;
            this.sse = sse;
            this.mailbox = new Mailbox<>(QUEUE, writers, this::write, reason -> drop(this, reason));
        }

        private void write(String frame) throws Exception {
            if (sink.isClosed()) {
                throw new IllegalStateException("sink closed");
            }
            sink.send(sse.newEventBuilder().name(EVENT).data(frame).build()).toCompletableFuture()
                    .get(WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        void closeSink() {
            try {
                sink.close();
            } catch (RuntimeException e) {
                // The browser is gone already.
            }
        }
    }
}
