package io.switchboard.cluster;

import redis.clients.jedis.exceptions.JedisException;

/**
 * The master took an entry but fewer than {@code switchboard.redis.min-replicas} replicas confirmed it in time: a
 * failover now could lose it, so the publisher treats it as not written (queued and written again; readers
 * recognise the second copy by its origin key).
 */
final class TooFewReplicasException extends JedisException {

    private String streamId;

    TooFewReplicasException(long acknowledged, int required, long waitedMillis) {
        super(acknowledged + " of the required " + required + " replicas confirmed within " + waitedMillis
                + " ms (switchboard.redis.min-replicas)");
    }

    /** Records the id the master stored the (unconfirmed) entry under; returns this exception. */
    TooFewReplicasException storedAs(String id) {
        this.streamId = id;
        return this;
    }

    /** The id the master stored the entry under, or null when a whole batch was unconfirmed. */
    String streamId() {
        return streamId;
    }
}
