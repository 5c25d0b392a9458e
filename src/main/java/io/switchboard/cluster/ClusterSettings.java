package io.switchboard.cluster;

import java.net.URI;
import java.util.Optional;

/**
 * How this node joins the cluster; read from configuration by {@link ClusterSettingsProducer}.
 *
 * @param redisUrl          the Redis to share; empty (and no sentinels): single-node mode
 * @param sentinels         where to find the master instead of {@code redisUrl}, when Redis runs under Sentinel
 * @param user              the data nodes' ACL user; empty: the URL's, if any
 * @param password          the data nodes' password; empty: the URL's, if any
 * @param minReplicas       replicas that must have each appended entry before a publish is answered (WAIT); 0: none
 * @param streamKey         the one stream every node appends to and reads
 * @param streamMaxLen      approximate number of entries Redis retains (the cross-node replay window)
 * @param outboxSize        events kept for Redis while it is away before publishing is refused
 * @param reconnectMinMillis first delay before reconnecting; doubles on each failure
 * @param reconnectMaxMillis longest delay between reconnect attempts
 * @param readyGraceMillis  how long Redis may be away before the node reports itself not ready
 * @param timeoutMillis     connect and read timeout of every Redis command
 * @param poolSize          pooled connections for publishing and replays (the reader has its own)
 */
public record ClusterSettings(Optional<URI> redisUrl, Optional<SentinelSettings> sentinels, Optional<String> user,
                              Optional<String> password, int minReplicas, String streamKey, long streamMaxLen,
                              int outboxSize, long reconnectMinMillis, long reconnectMaxMillis, long readyGraceMillis,
                              int timeoutMillis, int poolSize) {

    /** Plain settings for one Redis at {@code redisUrl}, no Sentinel, no WAIT: what tests and older setups use. */
    public static ClusterSettings forUrl(URI redisUrl, String streamKey, long streamMaxLen, int outboxSize,
                                         long reconnectMinMillis, long reconnectMaxMillis, long readyGraceMillis,
                                         int timeoutMillis, int poolSize) {
        return new ClusterSettings(Optional.of(redisUrl), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                streamKey, streamMaxLen, outboxSize, reconnectMinMillis, reconnectMaxMillis, readyGraceMillis,
                timeoutMillis, poolSize);
    }

    public boolean enabled() {
        return redisUrl.isPresent() || sentinels.isPresent();
    }

    /** Where Redis is, without any password, for logs. */
    public String describeUrl() {
        if (sentinels.isPresent()) {
            return sentinels.get().describe();
        }
        return redisUrl.map(url -> url.getScheme() + "://" + url.getHost() + ":" + url.getPort()).orElse("none");
    }

    /** How long a publish waits for {@link #minReplicas}: within the command timeout, so the socket never gives up first. */
    public long replicaWaitMillis() {
        return Math.max(1, timeoutMillis / 2);
    }
}
