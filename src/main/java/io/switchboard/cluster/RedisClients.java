package io.switchboard.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Builds the Jedis clients from the settings: the master at {@code switchboard.redis.url} or wherever the sentinels
 * say; {@code rediss://} (TLS) and the database from the URL; the data nodes' user and password from their own keys,
 * else from the URL; the sentinels' credentials apart (they often differ); the configured timeouts.
 */
final class RedisClients {

    /** How long one XREAD waits for new entries; bounds how long stopping the reader takes. */
    static final int READ_BLOCK_MILLIS = 1000;

    private final ClusterSettings settings;
    private final Optional<URI> url;
    private final String clientName;

    RedisClients(ClusterSettings settings, String nodeId) {
        this.settings = settings;
        this.url = settings.redisUrl();
        if (settings.sentinels().isEmpty() && (url.isEmpty() || !JedisURIHelper.isValid(url.get()))) {
            throw new IllegalArgumentException("switchboard.redis.url is not a redis:// or rediss:// URL with a host: "
                    + settings.describeUrl());
        }
        this.clientName = "switchboard-" + nodeId.replaceAll("[^A-Za-z0-9_.:-]", "_");
    }

    /** Where the master is: the URL's host, or the sentinels' answer. */
    MasterLocator locator() {
        if (settings.sentinels().isPresent()) {
            SentinelSettings sentinels = settings.sentinels().get();
            JedisClientConfig config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(settings.timeoutMillis())
                    .socketTimeoutMillis(settings.timeoutMillis())
                    .user(sentinels.user().orElse(null))
                    .password(sentinels.password().orElse(null))
                    .clientName(clientName)
                    .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                    .build();
            return new SentinelMaster(sentinels, config);
        }
        HostAndPort fixed = JedisURIHelper.getHostAndPort(url.orElseThrow());
        return () -> fixed;
    }

    /**
     * The pool publishers and replays borrow from; connections are checked on borrow so a restarted Redis costs no
     * failed publish. With a fixed URL it points there at once (so a node whose reader never ran can still flush its
     * outbox on stop); under Sentinel it waits for the reader to locate the master.
     */
    MasterPool pool() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setTestOnBorrow(true);
        pool.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
        pool.setJmxEnabled(false); // several deployments in one JVM would clash on the MBean names
        MasterPool masterPool = new MasterPool(config(settings.timeoutMillis()), pool);
        if (settings.sentinels().isEmpty()) {
            masterPool.follow(JedisURIHelper.getHostAndPort(url.orElseThrow()));
        }
        return masterPool;
    }

    /** Follows the master for the reader and the pool. */
    MasterFollower follower(MasterPool pool) {
        return new MasterFollower(locator(), pool, this::readerConnection);
    }

    /** The reader's own connection: XREAD BLOCK holds it, so it must not starve the pool. */
    Jedis readerConnection(HostAndPort master) {
        return new Jedis(master, config(settings.timeoutMillis() + READ_BLOCK_MILLIS));
    }

    private JedisClientConfig config(int blockingTimeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(settings.timeoutMillis())
                .socketTimeoutMillis(settings.timeoutMillis())
                // A dead server must surface as an exception within a bounded time, even mid-XREAD BLOCK.
                .blockingSocketTimeoutMillis(blockingTimeoutMillis)
                .user(settings.user().orElseGet(() -> url.map(JedisURIHelper::getUser).orElse(null)))
                .password(settings.password().orElseGet(() -> url.map(JedisURIHelper::getPassword).orElse(null)))
                .database(url.map(JedisURIHelper::getDBIndex).orElse(0))
                .ssl(url.map(JedisURIHelper::isRedisSSLScheme).orElse(false))
                .clientName(clientName)
                // CLIENT SETINFO is unknown to Redis before 7.2; skip it rather than rely on the error being ignored.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        return config.build();
    }
}
