package io.switchboard.cluster;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Builds the Jedis clients from the settings: {@code redis://} or {@code rediss://} (TLS), user and password and
 * database from the URL, the configured timeouts.
 */
final class RedisClients {

    /** How long one XREAD waits for new entries; bounds how long stopping the reader takes. */
    static final int READ_BLOCK_MILLIS = 1000;

    private final ClusterSettings settings;
    private final URI url;
    private final String clientName;

    RedisClients(ClusterSettings settings, String nodeId) {
        this.settings = settings;
        this.url = settings.redisUrl().orElseThrow();
        if (!JedisURIHelper.isValid(url)) {
            throw new IllegalArgumentException("switchboard.redis.url is not a redis:// or rediss:// URL with a host: "
                    + settings.describeUrl());
        }
        this.clientName = "switchboard-" + nodeId.replaceAll("[^A-Za-z0-9_.:-]", "_");
    }

    /** The pool publishers and replays borrow from; connections are checked on borrow so a restarted Redis costs no failed publish. */
    JedisPooled pool() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setTestOnBorrow(true);
        pool.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
        pool.setJmxEnabled(false); // several deployments in one JVM would clash on the MBean names
        return new JedisPooled(JedisURIHelper.getHostAndPort(url), config(settings.timeoutMillis()), pool);
    }

    /** The reader's own connection: XREAD BLOCK holds it, so it must not starve the pool. */
    Jedis readerConnection() {
        return new Jedis(JedisURIHelper.getHostAndPort(url), config(settings.timeoutMillis() + READ_BLOCK_MILLIS));
    }

    private JedisClientConfig config(int blockingTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.timeoutMillis())
                .socketTimeoutMillis(settings.timeoutMillis())
                // A dead server must surface as an exception within a bounded time, even mid-XREAD BLOCK.
                .blockingSocketTimeoutMillis(blockingTimeoutMillis)
                .user(JedisURIHelper.getUser(url))
                .password(JedisURIHelper.getPassword(url))
                .database(JedisURIHelper.getDBIndex(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url))
                .clientName(clientName)
                // CLIENT SETINFO is unknown to Redis before 7.2; skip it rather than rely on the error being ignored.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        return config.build();
    }

    HostAndPort address() {
        return JedisURIHelper.getHostAndPort(url);
    }
}
