package io.switchboard.cluster;

import io.switchboard.config.NodeIdentity;
import io.switchboard.message.HubEvent;
import io.switchboard.presence.PresenceStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * This node's membership in the cluster: owns the Redis pool, the publisher, the stream reader and their shared state,
 * and reports Redis's state to health checks. Inert in single-node mode (no Redis URL). The reader runs from
 * {@link #start} to {@link #stop}, called by the startup EJB with a managed thread factory.
 */
@ApplicationScoped
public class ClusterNode {

    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());

    /** Redis's state in {@code /api/health}. */
    public enum RedisState {
        UP, DOWN, DISABLED
    }

    @Inject
    ClusterSettings settings;

    @Inject
    NodeIdentity node;

    @Inject
    Event<HubEvent> events;

    private RedisClients clients;
    private MasterPool pool;
    private RedisLink link;
    private DeliveryLedger ledger;
    private ClusterPublisher publisher;
    private StreamReplay replay;
    private UnifiedJedis commands;
    private StreamReader reader;
    private Thread readerThread;
    private boolean stopped;

    @PostConstruct
    void init() {
        if (!settings.enabled()) {
            LOG.info("Single-node mode: neither switchboard.redis.url nor switchboard.redis.sentinels is set");
            return;
        }
        clients = new RedisClients(settings, node.nodeId());
        pool = clients.pool();
        link = new RedisLink(Clock.systemUTC());
        // Must remember every queued entry until it comes back through the stream, and what was read meanwhile.
        ledger = new DeliveryLedger(settings.outboxSize() + (int) Math.min(Integer.MAX_VALUE / 2, settings.streamMaxLen()));
        publisher = new ClusterPublisher(pool, settings, node.nodeId(), new Outbox(settings.outboxSize()), ledger, link,
                events::fire);
        commands = new UnifiedJedis(pool);
        replay = new StreamReplay(commands, settings);
        LOG.info(() -> "Cluster mode: node " + node.nodeId() + " on Redis " + settings.describeUrl() + ", stream "
                + settings.streamKey() + (settings.minReplicas() > 0
                        ? ", each event confirmed by " + settings.minReplicas() + " replica(s)" : ""));
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Starts the stream reader on a thread of {@code threads}; once. */
    public synchronized void start(ThreadFactory threads) {
        if (!enabled() || readerThread != null || stopped) {
            return;
        }
        reader = new StreamReader(clients.follower(pool)::connect, settings.streamKey(), publisher, ledger, link,
                new Backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis()), events::fire);
        readerThread = threads.newThread(reader);
        readerThread.setName("switchboard-cluster-reader");
        readerThread.start();
    }

    /** Stops the reader, waiting for its thread, and closes every Redis connection. Idempotent. */
    @PreDestroy
    public synchronized void stop() {
        if (!enabled() || stopped) {
            return;
        }
        stopped = true;
        if (reader != null) {
            reader.stop(2L * settings.timeoutMillis() + RedisClients.READ_BLOCK_MILLIS);
        }
        flushOutbox();
        try {
            pool.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing the Redis pool", e);
        }
        LOG.info("Cluster node stopped");
    }

    /**
     * Best effort on the way out: what this node accepted while Redis was away goes to the stream now if Redis is
     * back, so the other nodes get it. Bounded: the first failing command (its timeout) ends the attempt.
     */
    private void flushOutbox() {
        int queued = publisher.outboxSize();
        if (queued == 0) {
            return;
        }
        try {
            publisher.flushAndGoLive();
        } catch (RuntimeException e) {
            LOG.warning(() -> publisher.outboxSize() + " queued events not written to Redis on stop: " + e);
        }
    }

    ClusterPublisher publisher() {
        return publisher;
    }

    StreamReplay replay() {
        return replay;
    }

    /**
     * Plain commands on the shared pool, for the small state other features keep in Redis (the console's figures);
     * empty in single-node mode. Not to be closed: that would close the pool, which {@link #stop} does.
     */
    public Optional<UnifiedJedis> commands() {
        return Optional.ofNullable(commands);
    }

    /**
     * Presence across the cluster, in Redis beside the stream ({@code <stream-key>:presence:...}); only when
     * {@link #enabled()}.
     *
     * @param ttlMillis how long a node's members outlive its last sign of life
     */
    public PresenceStore presence(long ttlMillis) {
        return new RedisPresence(commands, link, settings.streamKey() + ":presence:", node.nodeId(),
                ttlMillis);
    }

    public RedisState redisState() {
        if (!enabled()) {
            return RedisState.DISABLED;
        }
        return link.isUp() ? RedisState.UP : RedisState.DOWN;
    }

    /** Events accepted here while Redis was away, not yet appended to the stream. */
    public int outboxDepth() {
        return enabled() ? publisher.outboxSize() : 0;
    }

    /** False once Redis has been unreachable for longer than {@code switchboard.redis.ready-grace}. */
    public boolean ready() {
        return !enabled() || link.ready(settings.readyGraceMillis());
    }
}
