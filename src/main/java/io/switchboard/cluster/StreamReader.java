package io.switchboard.cluster;

import io.switchboard.message.HubEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;

/**
 * The one loop per node that delivers the cluster's events: connects, flushes the outbox, then reads the stream with
 * XREAD BLOCK from the last entry it delivered and fires each entry locally, in stream order, once. Any failure of a
 * real command (not a "connected" flag) counts as an outage: it closes its connection, marks Redis down, waits with
 * backoff and starts over from the same position, so it catches up on whatever other nodes wrote meanwhile.
 *
 * <p>Each reconnect locates the master afresh ({@link MasterFollower}), which is how a failover is followed. When
 * the master moved, the promoted replica's stream may lack the newest entries this reader delivered, and its own new
 * entries are stamped by its clock, which may run behind the old master's: resuming strictly after the last id could
 * skip them. So after a move the reader resumes {@link #FAILOVER_REWIND_MILLIS} earlier and lets the ledger skip
 * what it delivered already, by origin key, whatever stream id an entry has now.
 */
final class StreamReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(StreamReader.class.getName());
    private static final int BATCH = 500;
    /** How far before its last id a reader resumes on a new master: a generous bound on clock skew between Redis hosts. */
    static final long FAILOVER_REWIND_MILLIS = 30_000;

    private final Supplier<MasterFollower.ReaderConnection> connections;
    private final String streamKey;
    private final ClusterPublisher publisher;
    private final DeliveryLedger ledger;
    private final RedisLink link;
    private final Backoff backoff;
    private final Consumer<HubEvent> localDelivery;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Jedis connection;
    private StreamEntryID lastId;
    private boolean outageReported;

    StreamReader(Supplier<MasterFollower.ReaderConnection> connections, String streamKey, ClusterPublisher publisher, DeliveryLedger ledger,
                 RedisLink link, Backoff backoff, Consumer<HubEvent> localDelivery) {
        this.connections = connections;
        this.streamKey = streamKey;
        this.publisher = publisher;
        this.ledger = ledger;
        this.link = link;
        this.backoff = backoff;
        this.localDelivery = localDelivery;
    }

    @Override
    public void run() {
        try {
            while (!stopped()) {
                try {
                    readWhileUp(connect());
                } catch (JedisException e) {
                    onFailure(e);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "Cluster stream reader failed; restarting it", e);
                    onFailure(e);
                }
            }
        } finally {
            closeConnection();
            finished.countDown();
        }
    }

    /** Stops the loop and waits (bounded) for it to end; closing the socket ends a blocked XREAD at once. */
    void stop(long waitMillis) {
        stopping.countDown();
        closeConnection();
        try {
            if (!finished.await(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warning("Cluster stream reader did not stop within " + waitMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Jedis connect() {
        closeConnection();
        MasterFollower.ReaderConnection opened = connections.get();
        Jedis jedis = opened.jedis();
        connection = jedis;
        if (stopped()) {
            closeConnection(); // stop() may have run between get() and the assignment
            throw new JedisException("stopping");
        }
        jedis.ping();
        if (opened.moved() && lastId != null) {
            StreamEntryID before = lastId;
            lastId = new StreamEntryID(Math.max(0, lastId.getTime() - FAILOVER_REWIND_MILLIS), 0);
            LOG.info(() -> "Redis master changed: re-reading the stream from " + lastId + " (last delivered "
                    + before + "), skipping what was delivered already");
        }
        if (lastId == null) {
            // First contact: start after the newest entry; what came before this node started is history, not news.
            List<redis.clients.jedis.resps.StreamEntry> newest = jedis.xrevrange(streamKey, "+", "-", 1);
            lastId = newest.isEmpty() ? new StreamEntryID(0, 0) : newest.get(0).getID();
        }
        publisher.flushAndGoLive();
        backoff.reset();
        outageReported = false;
        LOG.info(() -> "Reading cluster stream " + streamKey + " after " + lastId);
        return jedis;
    }

    private void readWhileUp(Jedis jedis) {
        XReadParams params = XReadParams.xReadParams().block(RedisClients.READ_BLOCK_MILLIS).count(BATCH);
        // A publisher that saw Redis fail marks the link down; then reconnect, which flushes what it queued.
        while (!stopped() && link.isUp()) {
            List<Map.Entry<String, List<redis.clients.jedis.resps.StreamEntry>>> batch =
                    jedis.xread(params, Map.of(streamKey, lastId));
            if (batch == null) {
                continue;
            }
            for (Map.Entry<String, List<redis.clients.jedis.resps.StreamEntry>> stream : batch) {
                for (redis.clients.jedis.resps.StreamEntry entry : stream.getValue()) {
                    lastId = entry.getID();
                    deliver(entry);
                }
            }
        }
    }

    private void deliver(redis.clients.jedis.resps.StreamEntry raw) {
        StreamEntry entry;
        try {
            entry = StreamEntryCodec.decode(raw.getID().toString(), raw.getFields());
        } catch (IllegalArgumentException e) {
            LOG.warning("Skipping foreign entry in the cluster stream: " + e.getMessage());
            return;
        }
        if (!ledger.firstSighting(entry.originKey())) {
            return; // delivered already: queued by this node during an outage, or appended twice
        }
        try {
            localDelivery.accept(entry.event());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "A transport failed to take event " + entry.event().id(), e);
        }
    }

    private void onFailure(RuntimeException e) {
        closeConnection();
        if (stopped()) {
            return;
        }
        link.markDown();
        if (!outageReported) {
            outageReported = true; // once per outage, including one that began before the first connect
            // No master to be found is most likely a setting to fix (the message names it), not a passing outage.
            LOG.log(e instanceof MasterNotFoundException ? Level.SEVERE : Level.WARNING,
                    "Redis unreachable; delivering locally and queueing until it is back: " + e.getMessage());
        } else {
            LOG.log(Level.FINE, "Redis still unreachable", e);
        }
        try {
            stopping.await(backoff.nextDelay(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }

    private void closeConnection() {
        Jedis jedis = connection;
        connection = null;
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINEST, "closing the reader connection", e);
            }
        }
    }
}
