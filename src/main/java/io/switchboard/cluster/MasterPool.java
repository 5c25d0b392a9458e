package io.switchboard.cluster;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * The pooled connections publishers and replays borrow, always to the master the reader last located: after a
 * failover the reader {@link #follow}s the new master and the next borrow gets a connection there. The old pool is
 * closed at once; connections still borrowed from it close as they come back. Until a master is known, borrowing
 * fails like an unreachable Redis, so publishers queue in the outbox.
 */
final class MasterPool implements ConnectionProvider {

    private static final Logger LOG = Logger.getLogger(MasterPool.class.getName());

    private record Current(HostAndPort address, ConnectionPool pool) {
    }

    private final JedisClientConfig config;
    private final GenericObjectPoolConfig<Connection> poolConfig;
    private volatile Current current;
    private boolean closed;

    MasterPool(JedisClientConfig config, GenericObjectPoolConfig<Connection> poolConfig) {
        this.config = config;
        this.poolConfig = poolConfig;
    }

    /** Points the pool at {@code master}; nothing changes when it is there already. */
    synchronized void follow(HostAndPort master) {
        Current old = current;
        if (closed || (old != null && old.address().equals(master))) {
            return;
        }
        current = new Current(master, new ConnectionPool(master, config, poolConfig));
        if (old != null) {
            LOG.info(() -> "Redis master moved from " + old.address() + " to " + master);
            closeQuietly(old.pool());
        }
    }

    /** The master the pool points at, or null before the first {@link #follow}. */
    HostAndPort master() {
        Current now = current;
        return now == null ? null : now.address();
    }

    /** One pooled connection as a {@link Jedis}, for commands that must share a connection (XADD, then WAIT). */
    Jedis borrow() {
        return new Jedis(getConnection());
    }

    @Override
    public Connection getConnection() {
        Current now = current;
        if (now == null) {
            throw new JedisConnectionException("no Redis master located yet");
        }
        return now.pool().getResource();
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return getConnection();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            closeQuietly(current.pool());
        }
    }

    private static void closeQuietly(ConnectionPool pool) {
        try {
            pool.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing a Redis pool", e);
        }
    }
}
