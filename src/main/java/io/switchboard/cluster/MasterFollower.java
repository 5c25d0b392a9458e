package io.switchboard.cluster;

import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * How a node follows a failover: each time the reader (re)connects, it locates the master afresh, checks that the
 * server there really is a master (a demoted one that came back is a replica), opens its own connection to it and
 * points the publishers' pool at it. One place does this, so publishers and reader never disagree for long about
 * where the master is. Not thread-safe: the reader thread alone calls it.
 */
final class MasterFollower {

    /**
     * The reader's connection to the master.
     *
     * @param jedis the connection
     * @param moved true when the master is not the one of the previous connection (a failover happened)
     */
    record ReaderConnection(Jedis jedis, boolean moved) {
    }

    private final MasterLocator locator;
    private final MasterPool pool;
    private final Function<HostAndPort, Jedis> connect;
    private HostAndPort previous;

    MasterFollower(MasterLocator locator, MasterPool pool, Function<HostAndPort, Jedis> connect) {
        this.locator = locator;
        this.pool = pool;
        this.connect = connect;
    }

    ReaderConnection connect() {
        HostAndPort master = locator.locate();
        Jedis jedis = connect.apply(master);
        try {
            List<Object> role = jedis.role();
            Object kind = role.isEmpty() ? null : role.get(0);
            String name = kind instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    : String.valueOf(kind);
            if (!"master".equals(name)) {
                throw new JedisConnectionException("Redis at " + master + " is a " + name + ", not the master (yet)");
            }
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
        boolean moved = previous != null && !previous.equals(master);
        previous = master;
        pool.follow(master);
        return new ReaderConnection(jedis, moved);
    }
}
