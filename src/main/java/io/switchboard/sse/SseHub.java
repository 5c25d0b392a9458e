package io.switchboard.sse;

import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.delivery.WriterPool;
import io.switchboard.connection.Disconnectable;
import io.switchboard.connection.TokenExpiry;
import io.switchboard.history.EventHistory;
import io.switchboard.connection.TransportStatus;
import io.switchboard.lifecycle.GoingAway;
import io.switchboard.message.HubEvent;
import io.switchboard.message.ReplaySource;
import io.switchboard.metrics.HubMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import io.switchboard.rest.CorsHeaders;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans hub events out to SSE clients. Each client has its own bounded queue ({@link SseOutbox}) drained by a writer
 * pool into its servlet stream ({@link ServletEventStream}), so one stalled client delays nobody else and holds no
 * thread; each event is rendered once for all of them ({@link EventFrame}).
 */
@ApplicationScoped
public class SseHub implements TransportStatus, Disconnectable, GoingAway {

    private static final Logger LOG = Logger.getLogger(SseHub.class.getName());
    private static final Duration WRITERS_GRACE = Duration.ofSeconds(2);
    private static final int DRAINS_PER_TASK = 64;

    @Inject
    SseSettings settings;

    @Inject
    ConnectionRegistry registry;

    @Inject
    ReplaySource replay;

    @Inject
    HubMetrics metrics;

    @Inject
    TokenExpiry expiry;

    @Resource
    ManagedThreadFactory threadFactory;

    @Resource
    ManagedScheduledExecutorService scheduler;

    static final String SHUTTING_DOWN = "server shutting down";
    private static final long SHUTDOWN_FLUSH_MILLIS = 2000;
    static final String DISCONNECTED = "disconnected by an operator";
    static final String TOKEN_EXPIRED = "token_expired";

    private final Set<SseSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    // Orders history appends, fan-out and subscriptions, so a new client's replay and its live events neither
    // overlap nor leave a gap. Held only while enqueueing, never while writing.
    private final Object order = new Object();
    private EventHistory<EventFrame> history;
    private WriterPool writers;
    private CorsHeaders cors;
    private ScheduledFuture<?> heartbeat;
    private volatile boolean running;

    void start(@Observes Startup startup) {
        // Being observed at startup makes the hub, and its heartbeat, start with the application.
    }

    @PostConstruct
    void init() {
        history = new EventHistory<>(settings.historySize(), settings.historyChannels(), EventFrame::event);
        writers = new WriterPool(settings.writerThreads(), threadFactory);
        cors = CorsHeaders.fromConfig();
        heartbeat = scheduler.scheduleAtFixedRate(this::beat, settings.heartbeatMillis(), settings.heartbeatMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
        LOG.info(() -> "SSE hub started: " + settings);
    }

    @PreDestroy
    void stop() {
        running = false;
        heartbeat.cancel(false);
        goingAway();
        writers.stop(WRITERS_GRACE);
    }

    /**
     * Registers a client and starts its stream on {@code request}'s response; it first gets the retry advice, then what
     * it missed since {@code lastEventId}, then live events.
     *
     * @param remoteAddress the client's address, as {@code ClientAddresses} resolved it
     * @param user          who it is in its channel's presence ({@code PresenceUser}); {@code null}: nobody in particular
     * @param expiresAt     its token's {@code exp}, when the stream ends with an {@code error} event
     *                      {@code token_expired}; {@code null}: never
     * @throws io.switchboard.message.InvalidInputException 429 {@code too_many_connections} when that address holds
     *         {@code switchboard.max-connections-per-address} connections already; nothing was allocated for it
     * @throws UncheckedIOException when the response cannot be started (the client went away meanwhile)
     */
    public void subscribe(HttpServletRequest request, SseFormat format, String channel, String lastEventId,
                          String remoteAddress, String user, Instant expiresAt) {
        // Admitted before anything is allocated for it, so that a flood from one address costs the node next to nothing.
        String id = SseSubscriber.newId();
        if (!registry.tryRegister(id, name(), remoteAddress, SseSubscriber.roomsOf(channel), user)) {
            throw registry.refusal();
        }
        try {
            start(id, request, format, channel, lastEventId, remoteAddress, expiresAt);
        } catch (RuntimeException | Error e) {
            // Never started (a replay from Redis failed, say): it would hold its address's slot for good.
            registry.unregister(id);
            throw e;
        }
    }

    private void start(String id, HttpServletRequest request, SseFormat format, String channel, String lastEventId,
                       String remoteAddress, Instant expiresAt) {
        SseSubscriber subscriber = new SseSubscriber(id, format, channel, settings, writers, this::drop,
                event -> metrics.delivered(name(), event.timestamp(), 1));
        SseFrame greeting = SseFrame.greeting("connected", settings.retryMillis());
        // Asked outside the lock: it may wait on Redis, and delivery must not.
        Optional<List<HubEvent>> fromCluster = lastEventId == null || retainedLocally(lastEventId, channel)
                ? Optional.empty()
                : replay.after(lastEventId, channel);
        synchronized (order) {
            List<EventFrame> missed;
            if (fromCluster.isPresent() && !fromCluster.get().isEmpty()) {
                missed = clusterReplay(fromCluster.get(), channel, subscriber);
            } else {
                missed = lastEventId == null ? List.of() : history.after(lastEventId, channel);
            }
            subscriber.outbox().preload(prepend(greeting, missed));
            subscribers.add(subscriber);
            metrics.replayed(missed.size());
        }
        try {
            ServletEventStream.open(request, cors.forOrigin(request.getHeader("Origin")), subscriber.outbox());
        } catch (IOException | RuntimeException e) {
            subscriber.outbox().close("stream could not start: " + e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        // After the greeting is queued, so the last frame comes last even when the token expired within the skew.
        expiry.watch(id, expiresAt, () -> subscriber.outbox().offer(SseFrame.tokenExpired(TOKEN_EXPIRED)));
        if (subscriber.outbox().isClosed()) {
            expiry.forget(id); // gone already: drop() ran before there was anything to forget
        }
        LOG.fine(() -> "SSE client connected: " + subscriber.describe() + " from " + remoteAddress
                + ", replaying after " + lastEventId);
    }

    private boolean retainedLocally(String lastEventId, String channel) {
        synchronized (order) {
            return history.retains(lastEventId, channel);
        }
    }

    /**
     * The stream's entries after the client's id, then what this node delivered after the last of them. Entries the
     * reader has not delivered here yet come later as live events; the subscriber skips those up to the last replayed.
     */
    private List<EventFrame> clusterReplay(List<HubEvent> missed, String channel, SseSubscriber subscriber) {
        String through = missed.get(missed.size() - 1).id();
        List<EventFrame> frames = new ArrayList<>(missed.size());
        missed.forEach(event -> frames.add(new EventFrame(event)));
        frames.addAll(history.after(through, channel));
        subscriber.skipThrough(through);
        return frames;
    }

    void deliver(@Observes HubEvent event) {
        EventFrame frame = new EventFrame(event);
        List<SseOutbox> due = new ArrayList<>();
        synchronized (order) {
            if (!HubEvent.PRESENCE_TYPE.equals(event.eventType())) {
                history.append(frame); // joins and leaves are news of now, not history to replay
            }
            for (SseSubscriber subscriber : subscribers) {
                if (subscriber.follows(event) && subscriber.outbox().offerDeferred(frame)) {
                    due.add(subscriber.outbox());
                }
            }
        }
        drainInBatches(due);
    }

    /**
     * One writer task per {@value #DRAINS_PER_TASK} clients, not one per client: a task per client cost a queue
     * operation and a thread wake-up per delivery, for drains that never block.
     */
    private void drainInBatches(List<SseOutbox> due) {
        for (int from = 0; from < due.size(); from += DRAINS_PER_TASK) {
            List<SseOutbox> batch = due.subList(from, Math.min(due.size(), from + DRAINS_PER_TASK));
            try {
                writers.execute(() -> batch.forEach(SseOutbox::drainOwned));
            } catch (RejectedExecutionException e) {
                batch.forEach(outbox -> outbox.drainRefused("no writer thread available: " + e.getMessage()));
            }
        }
    }

    /**
     * A last frame telling clients to reconnect (elsewhere) after {@code retry:}, then the stream is closed. Waited for
     * briefly, so a stalled client cannot hold up the shutdown.
     */
    @Override
    public void goingAway() {
        // The node is stopping: WildFly suspends its managed scheduler now and would log every further beat as an error.
        heartbeat.cancel(false);
        SseFrame farewell = SseFrame.shutdown(settings.retryMillis());
        List<SseSubscriber> leaving = List.copyOf(subscribers);
        leaving.forEach(subscriber -> subscriber.outbox().offer(farewell));
        awaitIdle(leaving, SHUTDOWN_FLUSH_MILLIS);
        leaving.forEach(subscriber -> subscriber.outbox().close(SHUTTING_DOWN));
    }

    @Override
    public boolean disconnect(String connectionId) {
        for (SseSubscriber subscriber : subscribers) {
            if (subscriber.id().equals(connectionId)) {
                subscriber.outbox().close(DISCONNECTED);
                return true;
            }
        }
        return false;
    }

    private static void awaitIdle(List<SseSubscriber> leaving, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (leaving.stream().anyMatch(subscriber -> !subscriber.outbox().isIdle())
                && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String name() {
        return "sse";
    }

    /** Up while its writers and heartbeat run: what liveness checks. */
    @Override
    public boolean isUp() {
        return running && writers.isRunning() && !heartbeat.isDone();
    }

    @Override
    public int connections() {
        return subscribers.size();
    }

    private void beat() {
        SseFrame frame = SseFrame.comment("heartbeat");
        long now = System.nanoTime();
        subscribers.forEach(subscriber -> {
            subscriber.outbox().checkStalled(now);
            subscriber.outbox().offer(frame);
        });
    }

    private void drop(SseSubscriber subscriber, String reason) {
        registry.unregister(subscriber.id());
        expiry.forget(subscriber.id());
        metrics.closed(name(), reason);
        if (subscribers.remove(subscriber)) {
            LOG.log(running ? Level.FINE : Level.FINEST, () -> "SSE client dropped: " + subscriber.describe() + ": " + reason);
        }
        // Completing waits for a write in progress; never on the publisher's thread.
        writers.executeOrRunHere(subscriber.outbox()::complete);
    }

    private static List<SseFrame> prepend(SseFrame first, List<EventFrame> rest) {
        List<SseFrame> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        // Replayed events go out unwrapped from their EventFrame: metrics count them as replays, not as live
        // deliveries whose latency would be their age.
        rest.forEach(frame -> all.add(frame::bytes));
        return all;
    }
}
