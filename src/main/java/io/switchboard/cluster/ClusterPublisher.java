package io.switchboard.cluster;

import io.switchboard.message.HubEvent;
import io.switchboard.message.HubUnavailableException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * Appends accepted events to the cluster stream. While Redis is up and nothing waits in the outbox, an event is only
 * appended (every node, this one included, delivers it when its reader reads it back) and its stream id is the id the
 * caller answers with. Otherwise it is delivered here at once under its local id and queued in the outbox, which the
 * reader flushes, in order, once Redis is back. One lock orders direct appends after queued ones, so the stream holds
 * this node's events in the order it accepted them.
 *
 * <p>With {@code switchboard.redis.min-replicas} above 0, an append counts only once that many replicas confirmed it
 * (WAIT on the same connection as the XADD): an entry the master took but no replica holds yet would be lost by a
 * failover, so it is treated like a failed append (queued, written again later, deduplicated by the readers).
 */
final class ClusterPublisher {

    private static final Logger LOG = Logger.getLogger(ClusterPublisher.class.getName());

    private static final int FLUSH_BATCH = 100;

    private final MasterPool redis;
    private final int minReplicas;
    private final long replicaWaitMillis;
    private final String streamKey;
    private final XAddParams trimming;
    private final String nodeId;
    private final Outbox outbox;
    private final DeliveryLedger ledger;
    private final RedisLink link;
    private final Consumer<HubEvent> localDelivery;
    private final ReentrantLock lock = new ReentrantLock(true);
    // The outbox depth for health checks, which must not wait for the lock while a flush holds it.
    private volatile int queued;

    ClusterPublisher(MasterPool redis, ClusterSettings settings, String nodeId, Outbox outbox, DeliveryLedger ledger,
                     RedisLink link, Consumer<HubEvent> localDelivery) {
        this.redis = redis;
        this.minReplicas = settings.minReplicas();
        this.replicaWaitMillis = settings.replicaWaitMillis();
        this.streamKey = settings.streamKey();
        this.trimming = XAddParams.xAddParams().maxLen(settings.streamMaxLen()).approximateTrimming();
        this.nodeId = nodeId;
        this.outbox = outbox;
        this.ledger = ledger;
        this.link = link;
        this.localDelivery = localDelivery;
    }

    /** Returns the event as clients receive it: with its stream id, or with its local id when it was queued. */
    HubEvent publish(HubEvent event) {
        StreamEntry entry = new StreamEntry(event, nodeId, event.id());
        lock.lock();
        try {
            String storedAs = null;
            if (link.isUp() && outbox.isEmpty()) {
                try {
                    return event.withId(append(entry));
                } catch (JedisException e) {
                    storedAs = e instanceof TooFewReplicasException shortfall ? shortfall.streamId() : null;
                    if (link.markDown()) {
                        LOG.log(Level.WARNING, "Redis unavailable on publish; delivering locally and queueing: " + e);
                    }
                }
            }
            if (!outbox.offer(entry)) {
                throw new HubUnavailableException("Redis is unreachable and the outbox of " + outbox.size()
                        + " events is full; retry later");
            }
            queued = outbox.size();
            // The master may have stored the entry although the append failed (no replica confirmed it, or its reply
            // was lost), and this node's reader may have delivered it from the stream already: then not again here.
            if (ledger.firstSighting(entry.originKey())) {
                localDelivery.accept(event);
                return event;
            }
            return storedAs == null ? event : event.withId(storedAs);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends every queued entry, oldest first, then lets publishers append directly. Called by the reader once it
     * reached Redis; throws (leaving the rest queued) if Redis fails again meanwhile.
     */
    void flushAndGoLive() {
        lock.lock();
        try {
            int flushed = 0;
            if (!outbox.isEmpty()) {
                // One connection for the whole flush, one WAIT per batch: a long outbox must not cost a round trip
                // to the replicas per entry.
                try (Jedis jedis = redis.borrow()) {
                    while (!outbox.isEmpty()) {
                        List<StreamEntry> batch = outbox.oldest(FLUSH_BATCH);
                        for (StreamEntry entry : batch) {
                            xadd(jedis, entry);
                        }
                        awaitReplicas(jedis);
                        outbox.removeOldest(batch.size());
                        queued = outbox.size();
                        flushed += batch.size();
                    }
                }
            }
            link.markUp();
            if (flushed > 0) {
                int count = flushed;
                LOG.info(() -> "Flushed " + count + " queued events to Redis");
            }
        } finally {
            lock.unlock();
        }
    }

    int outboxSize() {
        return queued;
    }

    private String append(StreamEntry entry) {
        try (Jedis jedis = redis.borrow()) {
            String id = xadd(jedis, entry);
            try {
                awaitReplicas(jedis);
            } catch (TooFewReplicasException e) {
                throw e.storedAs(id);
            }
            return id;
        }
    }

    private String xadd(Jedis jedis, StreamEntry entry) {
        return jedis.xadd(streamKey, trimming, StreamEntryCodec.encode(entry)).toString();
    }

    /** WAIT covers every write this connection made so far, so one call after a batch confirms the whole batch. */
    private void awaitReplicas(Jedis jedis) {
        if (minReplicas == 0) {
            return;
        }
        long acknowledged = jedis.waitReplicas(minReplicas, replicaWaitMillis);
        if (acknowledged < minReplicas) {
            throw new TooFewReplicasException(acknowledged, minReplicas, replicaWaitMillis);
        }
    }
}
