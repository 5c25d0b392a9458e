package io.switchboard.cluster;

import java.net.URI;
import java.util.Optional;

/**
 * How this node joins the cluster; read from configuration by {@link ClusterSettingsProducer}.
 *
 * @param redisUrl          the Redis to share; empty: single-node mode
 * @param streamKey         the one stream every node appends to and reads
 * @param streamMaxLen      approximate number of entries Redis retains (the cross-node replay window)
 * @param outboxSize        events kept for Redis while it is away before publishing is refused
 * @param reconnectMinMillis first delay before reconnecting; doubles on each failure
 * @param reconnectMaxMillis longest delay between reconnect attempts
 * @param readyGraceMillis  how long Redis may be away before the node reports itself not ready
 * @param timeoutMillis     connect and read timeout of every Redis command
 * @param poolSize          pooled connections for publishing and replays (the reader has its own)
 */
public record ClusterSettings(Optional<URI> redisUrl, String streamKey, long streamMaxLen, int outboxSize,
                              long reconnectMinMillis, long reconnectMaxMillis, long readyGraceMillis,
                              int timeoutMillis, int poolSize) {

    public boolean enabled() {
        return redisUrl.isPresent();
    }

    /** The URL without its password, for logs. */
    public String describeUrl() {
        return redisUrl.map(url -> url.getScheme() + "://" + url.getHost() + ":" + url.getPort()).orElse("none");
    }
}
