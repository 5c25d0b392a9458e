package io.switchboard.presence;

import io.switchboard.cluster.ClusterNode;
import io.switchboard.config.NodeIdentity;
import io.switchboard.connection.MembershipListener;
import io.switchboard.connection.RoomMembership;
import io.switchboard.delivery.WriterPool;
import io.switchboard.message.Dispatcher;
import io.switchboard.message.EventIdGenerator;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Presence on this node, wired: the {@link PresenceTracker} on the cluster's store (Redis) or this node's own, its
 * worker thread, and its upkeep on the managed scheduler. The connection registry tells it every join and leave.
 */
@ApplicationScoped
public class Presence implements MembershipListener {

    public static final String TTL = "switchboard.presence.ttl";
    public static final String EVENTS_UP_TO = "switchboard.presence.events-max-members";
    private static final Logger LOG = Logger.getLogger(Presence.class.getName());
    private static final Duration GOODBYE_BOUND = Duration.ofSeconds(5);

    @Inject
    @ConfigProperty(name = TTL, defaultValue = "30000")
    long ttlMillis;

    // Each join is an event to every member of the room, n squared in all: a room of thousands filling up (every
    // node's restart, every benchmark) would cost millions of deliveries and drop members as too slow.
    @Inject
    @ConfigProperty(name = EVENTS_UP_TO, defaultValue = "100")
    int eventsUpTo;

    @Inject
    ClusterNode cluster;

    @Inject
    NodeIdentity node;

    @Inject
    Dispatcher dispatcher;

    @Inject
    EventIdGenerator ids;

    @Resource
    ManagedThreadFactory threadFactory;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private WriterPool worker;
    private PresenceTracker tracker;
    private ScheduledFuture<?> upkeep;

    void start(@Observes Startup startup) {
        // Created with the application, so that a node's liveness shows in Redis before its first member joins.
    }

    @PostConstruct
    void init() {
        if (ttlMillis < 1) {
            throw new IllegalArgumentException(TTL + " must be at least 1 ms, not " + ttlMillis);
        }
        if (eventsUpTo < 0) {
            throw new IllegalArgumentException(EVENTS_UP_TO + " must be 0 or more, not " + eventsUpTo);
        }
        PresenceStore store = cluster.enabled() ? cluster.presence(ttlMillis) : new InProcessPresence();
        worker = new WriterPool(1, threadFactory);
        tracker = new PresenceTracker(node.nodeId(), store, dispatcher::dispatch, () -> ids.next().toString(), worker,
                Clock.systemUTC(), eventsUpTo);
        long every = store.maintainEveryMillis();
        if (every > 0) {
            upkeep = scheduler.scheduleAtFixedRate(tracker::maintain, 0, every, TimeUnit.MILLISECONDS);
        }
        LOG.info(() -> "Presence " + (cluster.enabled() ? "in Redis, members of a silent node expire after "
                + ttlMillis + " ms" : "on this node alone") + (eventsUpTo == 0 ? "; no join and leave events"
                : "; join and leave events in rooms of up to " + eventsUpTo + " members per node"));
    }

    @Override
    public void changed(RoomMembership change) {
        tracker.changed(change);
    }

    public List<Member> members(String room) {
        return tracker.members(room);
    }

    public Map<String, Integer> counts() {
        return tracker.counts();
    }

    /**
     * Leaves for every member still here, then this node off the record; before the cluster stops (the startup bean
     * calls it), so that the other nodes' followers get them. Idempotent; later joins and leaves are ignored.
     */
    @PreDestroy
    public void stop() {
        if (upkeep != null) {
            upkeep.cancel(false);
        }
        tracker.stop(GOODBYE_BOUND);
        worker.stop(Duration.ofSeconds(1));
    }
}
